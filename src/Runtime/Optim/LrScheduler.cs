namespace GraphGen.Optim;

/// <summary>
/// Base of the learning-rate schedulers (PyTorch's <c>torch.optim.lr_scheduler.LRScheduler</c>). Construction
/// records each group's <c>initial_lr</c> and counts as epoch 0; each <see cref="Step"/> (call it after
/// <c>optimizer.Step()</c>, once per epoch) advances the epoch and writes the new rates into the groups.
/// </summary>
/// <remarks>
/// Subclasses use PyTorch's recursive ("chainable") forms, which derive the new rate from the group's current
/// one, so a rate changed by hand or by another scheduler carries through, exactly as in PyTorch.
/// </remarks>
public abstract class LrScheduler
{
    private readonly double[] _lastLr;

    protected LrScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        var groups = optimizer.ParamGroups;
        BaseLrs = new double[groups.Count];
        for (int i = 0; i < groups.Count; i++)
        {
            groups[i].InitialLr ??= groups[i].Lr;
            BaseLrs[i] = groups[i].InitialLr!.Value;
        }
        _lastLr = new double[groups.Count];
        LastEpoch = -1;
        Step();
    }

    public Optimizer Optimizer { get; }

    /// <summary>Each group's <c>initial_lr</c> when the scheduler was built.</summary>
    protected double[] BaseLrs { get; }

    /// <summary>The epoch of the rates now in the groups (0 right after construction).</summary>
    public int LastEpoch { get; private set; }

    /// <summary>Advances one epoch and sets every group's learning rate.</summary>
    public void Step()
    {
        LastEpoch++;
        var groups = Optimizer.ParamGroups;
        if (groups.Count != _lastLr.Length)
            throw new InvalidOperationException($"{GetType().Name}: the optimizer now has {groups.Count} parameter groups but had {_lastLr.Length} when the scheduler was built; build a new scheduler after AddParamGroup.");
        for (int i = 0; i < groups.Count; i++)
        {
            double lr = ComputeLr(i, groups[i].Lr);
            groups[i].Lr = lr;
            _lastLr[i] = lr;
        }
    }

    /// <summary>The learning rates the last <see cref="Step"/> set, one per group (PyTorch's <c>get_last_lr()</c>).</summary>
    public IReadOnlyList<double> GetLastLr() => _lastLr.ToArray();

    /// <summary>The epoch reached and the rates, for a checkpoint (PyTorch's <c>state_dict()</c>).</summary>
    public LrSchedulerState StateDict() => new(LastEpoch, BaseLrs.ToArray(), _lastLr.ToArray());

    /// <summary>
    /// Continues from a state <see cref="StateDict"/> returned, for the same number of parameter groups. The groups'
    /// current rates are the optimizer's to restore (<see cref="Optim.Optimizer.LoadStateDict"/>), as in PyTorch.
    /// </summary>
    public void LoadStateDict(LrSchedulerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.BaseLrs.Count != BaseLrs.Length || state.LastLr.Count != _lastLr.Length)
            throw new ArgumentException($"{GetType().Name}.LoadStateDict: the state has {state.BaseLrs.Count} base and {state.LastLr.Count} last rates but the scheduler has {BaseLrs.Length} parameter groups.", nameof(state));
        if (state.LastEpoch < 0)
            throw new ArgumentException($"{GetType().Name}.LoadStateDict: last epoch {state.LastEpoch} is negative; expected 0 or more.", nameof(state));
        LastEpoch = state.LastEpoch;
        state.BaseLrs.ToArray().CopyTo(BaseLrs, 0);
        state.LastLr.ToArray().CopyTo(_lastLr, 0);
    }

    /// <summary>The rate of group <paramref name="group"/> at <see cref="LastEpoch"/>, given its current rate.</summary>
    protected abstract double ComputeLr(int group, double currentLr);
}
