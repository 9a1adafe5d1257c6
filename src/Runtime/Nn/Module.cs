using System.Text;

namespace GraphGen.Nn;

/// <summary>
/// Base class of every layer and model (PyTorch's <c>torch.nn.Module</c>): owns parameters, buffers and
/// child modules, registered explicitly (no reflection, so it is AOT-safe), and gives them PyTorch's
/// dotted names (<c>pipe.0.weight</c>), state dicts, train/eval mode and repr.
/// </summary>
/// <remarks>
/// Subclasses register in their constructors with <see cref="RegisterParameter"/>,
/// <see cref="RegisterBuffer"/> and <see cref="RegisterModule"/>; iteration follows registration
/// order, as PyTorch's <c>_parameters</c>/<c>_modules</c> dictionaries do. <see cref="Call"/> is what
/// users call; built-in layers also expose an eager <c>Forward</c> (not declared here, so a
/// generated module's own <c>Forward</c> needs no <c>override</c>).
/// </remarks>
public abstract class Module
{
    private readonly OrderedDictionary<string, Tensor?> _parameters = new();
    private readonly OrderedDictionary<string, Tensor?> _buffers = new();
    private readonly HashSet<string> _nonPersistentBuffers = [];
    private readonly OrderedDictionary<string, Module> _modules = new();

    /// <summary>True in training mode (the default), false after <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    // ---------------------------------------------------------------- registration

    /// <summary>
    /// Adds (or replaces) a parameter named <paramref name="name"/>. A non-null parameter must be a leaf
    /// floating-point tensor; it is marked <see cref="Tensor.RequiresGrad"/> as PyTorch's <c>nn.Parameter</c>
    /// is (set it to false afterwards to freeze it). Null registers an absent parameter (e.g. no bias),
    /// which is skipped by iteration and state dicts, as in PyTorch.
    /// </summary>
    protected void RegisterParameter(string name, Tensor? parameter)
    {
        CheckName(name, "parameter");
        if (_buffers.ContainsKey(name) || _modules.ContainsKey(name))
            throw new ArgumentException($"attribute '{name}' already exists in {GetName()} as a {(_buffers.ContainsKey(name) ? "buffer" : "module")}; choose another parameter name.", nameof(name));
        if (parameter is not null)
        {
            if (!parameter.IsLeaf)
                throw new ArgumentException($"cannot register the non-leaf tensor '{name}' as a parameter of {GetName()}: parameters must be leaves (use Detach() to cut it from the graph).", nameof(parameter));
            if (!parameter.DType.IsFloating())
                throw new ArgumentException($"cannot register parameter '{name}' of dtype {parameter.DType.TorchName()} in {GetName()}: parameters must be floating point (register it as a buffer instead).", nameof(parameter));
            parameter.RequiresGrad = true;
        }
        _parameters[name] = parameter;
    }

    /// <summary>
    /// Adds (or replaces) a buffer: state saved in the state dict (if <paramref name="persistent"/>) and
    /// converted by <see cref="To(DType)"/>, but not trained (e.g. BatchNorm's running mean).
    /// </summary>
    protected void RegisterBuffer(string name, Tensor? buffer, bool persistent = true)
    {
        CheckName(name, "buffer");
        if (_parameters.ContainsKey(name) || _modules.ContainsKey(name))
            throw new ArgumentException($"attribute '{name}' already exists in {GetName()} as a {(_parameters.ContainsKey(name) ? "parameter" : "module")}; choose another buffer name.", nameof(name));
        _buffers[name] = buffer;
        if (persistent) _nonPersistentBuffers.Remove(name);
        else _nonPersistentBuffers.Add(name);
    }

    /// <summary>Adds (or replaces) a child module; its parameters are named <c>{name}.{their name}</c>.</summary>
    protected void RegisterModule(string name, Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckName(name, "module");
        if (_parameters.ContainsKey(name) || _buffers.ContainsKey(name))
            throw new ArgumentException($"attribute '{name}' already exists in {GetName()} as a {(_parameters.ContainsKey(name) ? "parameter" : "buffer")}; choose another module name.", nameof(name));
        if (ReferenceEquals(module, this))
            throw new ArgumentException($"cannot register {GetName()} as its own child '{name}'.", nameof(module));
        int height = module._height + 1;
        if (height > MaxNestingDepth)
            throw new ArgumentException($"cannot register {module.GetName()} as '{name}' in {GetName()}: modules would nest {height + 1} levels deep, more than the {MaxNestingDepth + 1} that Call, ToString and StateDict walk recursively (PyTorch stops near the same depth with \"maximum recursion depth exceeded\"). Put the layers side by side in one Sequential instead.", nameof(module));
        _height = Math.Max(_height, height);
        _modules[name] = module;
    }

    private bool _membersRegistered;

    /// <summary>
    /// Deepest nesting allowed below a module. Calls, repr and state dicts recurse through children, so a
    /// chain of 100,000 nested Sequentials would overflow the stack (a crash no handler can catch); past this
    /// depth registration throws instead. PyTorch's own limit is Python's recursion limit (1000 frames).
    /// </summary>
    public const int MaxNestingDepth = 500;

    /// <summary>Levels of modules below this one (0 for a leaf layer), as registered so far.</summary>
    private int _height;

    /// <summary>
    /// Registers members that cannot be registered in the constructor: a generated [Module] class's layer
    /// fields are assigned by the user's constructor, which finishes after any code the generator can add to
    /// it. The base calls this once, before it first reads its children (iteration, state dict, modes, repr).
    /// </summary>
    protected virtual void RegisterMembers()
    {
    }

    /// <summary>The children, after the once-only <see cref="RegisterMembers"/>.</summary>
    private OrderedDictionary<string, Module> Modules
    {
        get
        {
            if (!_membersRegistered)
            {
                _membersRegistered = true;
                RegisterMembers();
            }
            return _modules;
        }
    }

    private void CheckName(string name, string kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0) throw new ArgumentException($"{kind} name can't be empty string \"\" (in {GetName()}).", nameof(name));
        if (name.Contains('.')) throw new ArgumentException($"{kind} name can't contain \".\", got \"{name}\" (in {GetName()}).", nameof(name));
    }

    /// <summary>This module's own parameter <paramref name="name"/> (null if registered as absent).</summary>
    protected Tensor? GetParameter(string name) =>
        _parameters.TryGetValue(name, out var p) ? p : throw new KeyNotFoundException($"{GetName()} has no parameter named '{name}'.");

    /// <summary>This module's own buffer <paramref name="name"/> (null if registered as absent).</summary>
    protected Tensor? GetBuffer(string name) =>
        _buffers.TryGetValue(name, out var b) ? b : throw new KeyNotFoundException($"{GetName()} has no buffer named '{name}'.");

    // ---------------------------------------------------------------- iteration

    /// <summary>The trainable tensors, each once even if shared (PyTorch's <c>parameters()</c>).</summary>
    public IEnumerable<Tensor> Parameters(bool recurse = true) => NamedParameters(recurse).Select(p => p.Parameter);

    /// <summary>
    /// Parameters with dotted names, module by module in pre-order (a module's own parameters before its
    /// children's), each tensor once: a shared parameter keeps its first name, as in PyTorch.
    /// </summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(bool recurse = true) =>
        NamedTensors(recurse, m => m._parameters.Select(kv => (kv.Key, kv.Value)));

    /// <summary>Buffers with dotted names, in the same order and with the same de-duplication as parameters.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(bool recurse = true) =>
        NamedTensors(recurse, m => m._buffers.Select(kv => (kv.Key, kv.Value)));

    private IEnumerable<(string, Tensor)> NamedTensors(bool recurse, Func<Module, IEnumerable<(string Name, Tensor? Value)>> members)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var modules = recurse ? NamedModules() : [("", this)];
        foreach (var (prefix, module) in modules)
            foreach (var (name, tensor) in members(module))
                if (tensor is not null && seen.Add(tensor))
                    yield return (prefix.Length == 0 ? name : prefix + "." + name, tensor);
    }

    /// <summary>The direct children, each once.</summary>
    public IEnumerable<Module> Children() => NamedChildren().Select(c => c.Module);

    /// <summary>The direct children with their registered names, each module once.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren()
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in Modules)
            if (seen.Add(module)) yield return (name, module);
    }

    /// <summary>This module (named "") and every descendant in pre-order with dotted names, each module once.</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(string, Module)>();
        stack.Push(("", this));
        while (stack.Count > 0)
        {
            var (prefix, module) = stack.Pop();
            if (!seen.Add(module)) continue;
            yield return (prefix, module);
            for (int i = module.Modules.Count - 1; i >= 0; i--)
            {
                var (name, child) = module.Modules.GetAt(i);
                stack.Push((prefix.Length == 0 ? name : prefix + "." + name, child));
            }
        }
    }

    /// <summary>Total number of elements over all (distinct) parameters.</summary>
    public long ParameterCount => Parameters().Sum(p => (long)p.NumEl);

    // ---------------------------------------------------------------- modes and conversion

    /// <summary>Sets training mode on this module and all descendants (Dropout is active only in training).</summary>
    public Module Train(bool mode = true)
    {
        Training = mode;
        foreach (var child in Modules.Values) child.Train(mode);
        return this;
    }

    /// <summary>Evaluation mode: <c>Train(false)</c>.</summary>
    public Module Eval() => Train(false);

    /// <summary>Sets every parameter's gradient to null (PyTorch 2's <c>zero_grad(set_to_none=True)</c>).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.Grad = null;
    }

    /// <summary>Moves parameters and buffers to <paramref name="device"/>; see <see cref="To(DType)"/> for what happens to references.</summary>
    public Module To(Device device) => Convert(t => t.To(device));

    /// <summary>
    /// Converts floating-point parameters and buffers (and gradients) to <paramref name="dtype"/>.
    /// </summary>
    /// <remarks>
    /// A tensor's storage cannot be swapped, so a tensor that actually changes is replaced in this
    /// module by a converted leaf (same RequiresGrad, gradient converted too). Tensors already of that
    /// dtype/device stay the same objects. Create optimizers after calling <c>To</c>, as PyTorch's
    /// documentation also advises for <c>.cuda()</c>: an optimizer built earlier would hold the old tensors.
    /// Integer buffers keep their dtype, as in PyTorch.
    /// </remarks>
    public Module To(DType dtype)
    {
        if (!dtype.IsFloating())
            throw new ArgumentException($"Module.To only accepts floating point dtypes, but got desired dtype={dtype.TorchName()}.", nameof(dtype));
        return Convert(t => t.DType.IsFloating() ? t.To(dtype) : t);
    }

    private Module Convert(Func<Tensor, Tensor> convert)
    {
        using var _ = Autograd.NoGrad();
        var done = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance); // shared tensors stay shared
        foreach (var (_, module) in NamedModules())
        {
            ConvertAll(module._parameters, convert, done);
            ConvertAll(module._buffers, convert, done);
        }
        return this;
    }

    private static void ConvertAll(OrderedDictionary<string, Tensor?> slots, Func<Tensor, Tensor> convert, Dictionary<Tensor, Tensor> done)
    {
        for (int i = 0; i < slots.Count; i++)
        {
            var (name, old) = slots.GetAt(i);
            if (old is null) continue;
            if (!done.TryGetValue(old, out var replacement))
            {
                var converted = convert(old);
                if (ReferenceEquals(converted, old)) replacement = old;
                else
                {
                    replacement = converted.Detach();
                    if (old.RequiresGrad) replacement.RequiresGrad = true;
                    if (old.Grad is { } g) replacement.Grad = convert(g).Detach();
                }
                done[old] = replacement;
            }
            if (!ReferenceEquals(replacement, old)) slots.SetAt(i, replacement);
        }
    }

    // ---------------------------------------------------------------- state dict

    /// <summary>
    /// Parameters and persistent buffers by PyTorch key (<c>pipe.0.weight</c>), detached but sharing storage
    /// with the module. Shared tensors appear under every name, as in PyTorch.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var state = new OrderedDictionary<string, Tensor>();
        AddState(state, "");
        return state;
    }

    private void AddState(OrderedDictionary<string, Tensor> state, string prefix)
    {
        foreach (var (name, p) in _parameters)
            if (p is not null) state[prefix + name] = p.Detach();
        foreach (var (name, b) in _buffers)
            if (b is not null && !_nonPersistentBuffers.Contains(name)) state[prefix + name] = b.Detach();
        foreach (var (name, child) in Modules) child.AddState(state, prefix + name + ".");
    }

    /// <summary>
    /// Copies <paramref name="state"/>'s tensors into this module's parameters and buffers in place (under
    /// NoGrad, converting dtype), so optimizers keep working. All problems are collected and reported in one
    /// exception worded as PyTorch's; nothing is copied when anything is wrong. With
    /// <paramref name="strict"/> false, missing and unexpected keys are not errors but are returned (as PyTorch's
    /// <c>_IncompatibleKeys</c>); shape mismatches still fail.
    /// </summary>
    public IncompatibleKeys LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = StateDict();
        var missing = new List<string>();
        var mismatches = new List<string>();
        foreach (var (key, target) in own)
        {
            if (!state.TryGetValue(key, out var source)) { missing.Add(key); continue; }
            if (source is null)
                mismatches.Add($"the value for {key} is null; expected a tensor of shape {TorchSize(target.Shape)}.");
            else if (!source.Shape.Equals(target.Shape))
                mismatches.Add($"size mismatch for {key}: copying a param with shape {TorchSize(source.Shape)} from checkpoint, the shape in current model is {TorchSize(target.Shape)}.");
        }
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();

        var errors = new List<string>();
        if (strict && missing.Count > 0) errors.Add($"Missing key(s) in state_dict: {string.Join(", ", missing.Select(k => $"\"{k}\""))}. ");
        if (strict && unexpected.Count > 0) errors.Add($"Unexpected key(s) in state_dict: {string.Join(", ", unexpected.Select(k => $"\"{k}\""))}. ");
        errors.AddRange(mismatches);
        if (errors.Count > 0)
            throw new InvalidOperationException($"Error(s) in loading state_dict for {GetName()}:\n\t{string.Join("\n\t", errors)}");

        using var _ = Autograd.NoGrad();
        foreach (var (key, target) in own)
            if (state.TryGetValue(key, out var source)) target.Copy_(source);
        return new IncompatibleKeys(missing, unexpected);
    }

    private static string TorchSize(Shape shape) => $"torch.Size({shape})";

    // ---------------------------------------------------------------- calling and printing

    /// <summary>Runs the module on one input (PyTorch's <c>__call__</c>); hooks and monitoring attach here.</summary>
    public Tensor Call(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return CallCore(input);
    }

    /// <summary>The one-input computation; built-in layers run their <c>Forward</c>, generated modules their fused code.</summary>
    protected internal virtual Tensor CallCore(Tensor input) =>
        throw new InvalidOperationException($"{GetName()} does not take one tensor input; call the Call overload it defines.");

    /// <summary>The name shown by <see cref="ToString"/> (the class name, as PyTorch's <c>_get_name()</c>).</summary>
    public virtual string GetName()
    {
        var name = GetType().Name;
        int tick = name.IndexOf('`');
        return tick < 0 ? name : name[..tick];
    }

    /// <summary>The layer's settings inside the parentheses of its repr, e.g. <c>in_features=2, out_features=5, bias=True</c>.</summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>PyTorch's module repr: one line for a leaf layer, an indented tree of <c>(name): child</c> lines otherwise.</summary>
    public override string ToString()
    {
        var extra = ExtraRepr();
        var extraLines = extra.Length == 0 ? [] : extra.Split('\n');
        var childLines = Modules.Select(kv => $"({kv.Key}): {Indent(kv.Value.ToString(), 2)}").ToList();
        var sb = new StringBuilder(GetName()).Append('(');
        if (extraLines.Length == 1 && childLines.Count == 0) sb.Append(extraLines[0]);
        else if (extraLines.Length + childLines.Count > 0)
            sb.Append("\n  ").AppendJoin("\n  ", extraLines.Concat(childLines)).Append('\n');
        return sb.Append(')').ToString();
    }

    /// <summary>PyTorch's <c>_addindent</c>: indents every line but the first.</summary>
    private static string Indent(string text, int spaces) => text.Replace("\n", "\n" + new string(' ', spaces));
}
