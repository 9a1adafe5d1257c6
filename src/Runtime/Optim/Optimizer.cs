namespace GraphGen.Optim;

/// <summary>
/// Base of every optimizer (PyTorch's <c>torch.optim.Optimizer</c>): owns the parameter groups, the
/// per-parameter state, <see cref="Step"/>, <see cref="ZeroGrad"/> and state dicts. A subclass only
/// validates its hyper-parameters and implements the update of one parameter.
/// </summary>
/// <remarks>
/// Updates work directly on the float32 elements of each parameter and its gradient (no autograd ops
/// are recorded, so no <c>NoGrad</c> scope is needed); SGD, Adam and AdamW update each parameter in one fused
/// pass (<see cref="Kernels.Cpu.OptimizerKernels"/>). After the first step, which creates the state
/// buffers, a step allocates nothing. Parameters whose <see cref="Tensor.Grad"/> is null are skipped.
/// </remarks>
public abstract class Optimizer
{
    private readonly List<ParamGroup> _groups = [];
    private readonly List<ParameterState?[]> _states = [];
    private readonly HashSet<Tensor> _seen = new(ReferenceEqualityComparer.Instance);
    private readonly float[][] _scratch = [[], []];

    protected Optimizer(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, double> defaults)
        : this([new ParamGroup(parameters)], defaults)
    {
    }

    protected Optimizer(IEnumerable<ParamGroup> groups, IReadOnlyDictionary<string, double> defaults)
    {
        ArgumentNullException.ThrowIfNull(groups);
        Defaults = new Dictionary<string, double>(defaults);
        foreach (var g in groups) AddParamGroup(g);
        if (_groups.Count == 0) throw new ArgumentException($"{GetType().Name}: optimizer got an empty parameter list.", nameof(groups));
    }

    /// <summary>The hyper-parameters a group gets when it does not set its own.</summary>
    public IReadOnlyDictionary<string, double> Defaults { get; }

    public IReadOnlyList<ParamGroup> ParamGroups => _groups;

    /// <summary>Adds a group (for example a layer unfrozen mid-training); missing hyper-parameters come from <see cref="Defaults"/>.</summary>
    public void AddParamGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (group.Parameters.Length == 0)
            throw new ArgumentException($"{GetType().Name}: parameter group {_groups.Count} is empty.", nameof(group));
        group.FillDefaults(Defaults);
        Validate(group);
        for (int i = 0; i < group.Parameters.Length; i++)
        {
            var p = group.Parameters[i];
            bool deviceOk = p.Device == Device.Cpu || (SupportsGpu && p.Device.Type == DeviceType.Cuda);
            if (p.DType != DType.Float32 || !deviceOk || !p.IsContiguous || !p.IsLeaf)
                throw new ArgumentException($"{GetType().Name}: parameter {i} of group {_groups.Count} (shape {p.Shape}, {p.DType.TorchName()}, {p.Device}) must be a contiguous float32 {(SupportsGpu ? "CPU or CUDA" : "CPU")} leaf tensor.", nameof(group));
            if (_seen.Contains(p))
                throw new ArgumentException($"{GetType().Name}: parameter {i} of group {_groups.Count} (shape {p.Shape}) already appears in a parameter group; a parameter may be in one group only.", nameof(group));
        }
        foreach (var p in group.Parameters) _seen.Add(p);
        _groups.Add(group);
        _states.Add(new ParameterState?[group.Parameters.Length]);
    }

    /// <summary>Performs one optimization step on every parameter that has a gradient.</summary>
    public void Step()
    {
        for (int gi = 0; gi < _groups.Count; gi++)
        {
            var group = _groups[gi];
            var states = _states[gi];
            var parameters = group.Parameters;
            BeginGroup(group);
            for (int i = 0; i < parameters.Length; i++)
            {
                var p = parameters[i];
                var grad = p.GradUnobserved; // read without handing it out, so a compiled backward's gradient stays recyclable
                if (grad is null) continue;
                if (!grad.Shape.Equals(p.Shape) || grad.DType != DType.Float32)
                    throw new InvalidOperationException($"{GetType().Name}.Step: the gradient of parameter {i} in group {gi} has shape {grad.Shape} and dtype {grad.DType.TorchName()}, but the parameter has shape {p.Shape} and dtype torch.float32.");
                if (!grad.IsContiguous) grad = grad.Contiguous();
                var state = states[i] ??= new ParameterState();
                state.Step++;
                if (p.Storage is GpuStorage)
                {
                    UpdateGpu(group, p, state, grad);
                    continue;
                }
                Update(group, p, state, p.Span<float>(), grad.Span<float>());
            }
        }
    }

    /// <summary>Clears every parameter's gradient: to null (the default, PyTorch 2's <c>set_to_none=True</c>) or to zeros.</summary>
    /// <remarks>
    /// Neither costs a pass over the gradients when nobody outside the runtime has read them: a cleared gradient's
    /// tensor is kept for the next compiled backward (<see cref="Compiled.GradientRecycler"/>), and one zeroed in
    /// place is only marked (<see cref="Tensor.IsZeroPending"/>), so the next compiled backward overwrites it instead of
    /// accumulating. A gradient a caller has read is zeroed at once, as PyTorch does.
    /// </remarks>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var group in _groups)
            foreach (var p in group.Parameters)
            {
                if (setToNone) p.Grad = null;
                else if (p.GradAsIs is { IsRecyclableGradient: true, Storage: CpuStorage } unseen) unseen.IsZeroPending = true;
                else p.GradUnobserved?.FillRaw(0);
            }
    }

    /// <summary>The state of one parameter, or null before its first step.</summary>
    public ParameterState? GetState(Tensor parameter)
    {
        for (int g = 0; g < _groups.Count; g++)
        {
            int i = Array.IndexOf(_groups[g].Parameters, parameter);
            if (i >= 0) return _states[g][i];
        }
        throw new ArgumentException($"{GetType().Name}: the tensor of shape {parameter.Shape} is not one of this optimizer's parameters.", nameof(parameter));
    }

    /// <summary>Checks a group's hyper-parameters (after defaults are filled); throw naming the bad value.</summary>
    protected abstract void Validate(ParamGroup group);

    /// <summary>Called before the parameters of <paramref name="group"/> are updated in a step: read its hyper-parameters once here, not per parameter.</summary>
    protected virtual void BeginGroup(ParamGroup group)
    {
    }

    /// <summary>
    /// Updates one parameter in place. <paramref name="state"/>.Step is already incremented (1 on the first
    /// call). <paramref name="grad"/> must not be written: it is the user's gradient.
    /// </summary>
    protected abstract void Update(ParamGroup group, Tensor parameter, ParameterState state, Span<float> param, ReadOnlySpan<float> grad);

    /// <summary>Whether <see cref="UpdateGpu"/> is implemented (parameters may then live on a CUDA device).</summary>
    protected internal virtual bool SupportsGpu => false;

    /// <summary>Updates one parameter on a CUDA device in place with a device kernel (<paramref name="grad"/> is on the same device).</summary>
    protected internal virtual void UpdateGpu(ParamGroup group, Tensor parameter, ParameterState state, Tensor grad)
        => throw new NotSupportedException($"{GetType().Name} has no GPU update; keep its parameters on the CPU.");

    /// <summary>A reusable work buffer (slot 0 or 1) of at least <paramref name="length"/> elements; grows, never shrinks.</summary>
    protected internal Span<float> Scratch(int slot, int length)
    {
        if (_scratch[slot].Length < length) _scratch[slot] = new float[length];
        return _scratch[slot].AsSpan(0, length);
    }

    /// <summary>Copies of the per-parameter state and the group hyper-parameters.</summary>
    public OptimizerStateDict StateDict()
    {
        var state = new Dictionary<int, IReadOnlyDictionary<string, Tensor>>();
        var groups = new List<ParamGroupState>();
        int index = 0;
        for (int g = 0; g < _groups.Count; g++)
        {
            var indices = new List<int>();
            for (int i = 0; i < _groups[g].Parameters.Length; i++, index++)
            {
                indices.Add(index);
                if (_states[g][i] is not { } s) continue;
                var entry = new Dictionary<string, Tensor>(StringComparer.Ordinal) { ["step"] = Tensor.Scalar(s.Step) };
                foreach (var (name, buffer) in s.Buffers) entry[name] = buffer.Detach().Clone();
                state[index] = entry;
            }
            groups.Add(new ParamGroupState(new Dictionary<string, double>(_groups[g].HyperParameters), indices));
        }
        return new OptimizerStateDict(state, groups);
    }

    /// <summary>
    /// Restores a state saved by <see cref="StateDict"/> from an optimizer of the same kind over parameters of
    /// the same shapes and grouping. Tensors are copied, and group hyper-parameters (lr …) are replaced.
    /// </summary>
    public void LoadStateDict(OptimizerStateDict stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        if (stateDict.ParamGroups.Count != _groups.Count)
            throw new ArgumentException($"{GetType().Name}.LoadStateDict: the state dict has {stateDict.ParamGroups.Count} parameter groups but the optimizer has {_groups.Count}.", nameof(stateDict));
        for (int g = 0; g < _groups.Count; g++)
            if (stateDict.ParamGroups[g].ParameterIndices.Count != _groups[g].Parameters.Length)
                throw new ArgumentException($"{GetType().Name}.LoadStateDict: group {g} has {stateDict.ParamGroups[g].ParameterIndices.Count} parameters in the state dict but {_groups[g].Parameters.Length} in the optimizer.", nameof(stateDict));

        // Build everything first so a bad entry leaves the optimizer unchanged.
        var newStates = new List<ParameterState?[]>();
        for (int g = 0; g < _groups.Count; g++)
        {
            var saved = stateDict.ParamGroups[g];
            var states = new ParameterState?[_groups[g].Parameters.Length];
            for (int i = 0; i < states.Length; i++)
            {
                int index = saved.ParameterIndices[i];
                if (!stateDict.State.TryGetValue(index, out var entry)) continue;
                states[i] = RestoreState(entry, _groups[g].Parameters[i], index);
            }
            newStates.Add(states);
        }
        for (int g = 0; g < _groups.Count; g++)
        {
            var group = _groups[g];
            foreach (var (k, v) in stateDict.ParamGroups[g].HyperParameters) group[k] = v;
            Validate(group);
            _states[g] = newStates[g];
        }
    }

    private ParameterState RestoreState(IReadOnlyDictionary<string, Tensor> entry, Tensor parameter, int index)
    {
        var s = new ParameterState();
        foreach (var (name, t) in entry)
        {
            if (name == "step")
            {
                if (t.NumEl != 1)
                    throw new ArgumentException($"{GetType().Name}.LoadStateDict: state[{index}][\"step\"] has shape {t.Shape}; expected a scalar.");
                s.Step = t.Item<long>();
                continue;
            }
            if (!t.Shape.Equals(parameter.Shape))
                throw new ArgumentException($"{GetType().Name}.LoadStateDict: state[{index}][\"{name}\"] has shape {t.Shape} but the parameter has shape {parameter.Shape}.");
            // On the parameter's device (a CPU checkpoint restored for CUDA parameters), outliving any GpuScope.
            var buffer = t.Detach().To(DType.Float32).To(parameter.Device).Clone().Detach();
            (buffer.Storage as GpuStorage)?.Persist();
            s.SetBuffer(name, buffer);
        }
        return s;
    }
}
