namespace GraphGen.Optim;

/// <summary>
/// A set of parameters that share hyper-parameters (PyTorch's <c>param_groups</c> entry). Hyper-parameters
/// are named numbers, as PyTorch's dict keys (<c>"lr"</c>, <c>"momentum"</c>, <c>"beta1"</c> …; flags are
/// 0 or 1), so schedulers and state dicts treat every optimizer alike. Keys the group does not set are
/// filled from the optimizer's defaults when the group is added.
/// </summary>
/// <example><code>
/// var opt = new SGD([new ParamGroup(body.Parameters()), new ParamGroup(head.Parameters()) { Lr = 0.1 }], lr: 0.01);
/// </code></example>
public sealed class ParamGroup
{
    private readonly Dictionary<string, double> _hyper = new(StringComparer.Ordinal);

    public ParamGroup(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
        for (int i = 0; i < Parameters.Length; i++)
            if (Parameters[i] is null) throw new ArgumentException($"ParamGroup: parameter {i} is null.", nameof(parameters));
    }

    /// <summary>The parameters, in the order given (their index in state dicts follows this order).</summary>
    internal Tensor[] Parameters { get; }

    public IReadOnlyList<Tensor> Params => Parameters;

    /// <summary>The learning rate; schedulers change it between steps.</summary>
    public double Lr
    {
        get => this["lr"];
        set => this["lr"] = value;
    }

    /// <summary>The learning rate the first scheduler saw (PyTorch's <c>initial_lr</c>), or null before any scheduler.</summary>
    public double? InitialLr
    {
        get => _hyper.TryGetValue("initial_lr", out double v) ? v : null;
        set
        {
            if (value is { } v) _hyper["initial_lr"] = v;
            else _hyper.Remove("initial_lr");
        }
    }

    /// <summary>A hyper-parameter by PyTorch's name.</summary>
    public double this[string name]
    {
        get
        {
            if (_hyper.TryGetValue(name, out double v)) return v;
            throw new KeyNotFoundException($"ParamGroup has no hyper-parameter '{name}'; it has: {string.Join(", ", _hyper.Keys)}.");
        }
        set
        {
            if (double.IsNaN(value)) throw new ArgumentException($"ParamGroup: hyper-parameter '{name}' cannot be NaN.", nameof(value));
            _hyper[name] = value;
        }
    }

    public bool Contains(string name) => _hyper.ContainsKey(name);

    public IReadOnlyDictionary<string, double> HyperParameters => _hyper;

    /// <summary>Reads a 0/1 flag (PyTorch's boolean options such as <c>nesterov</c>).</summary>
    internal bool Flag(string name) => this[name] != 0;

    internal void FillDefaults(IReadOnlyDictionary<string, double> defaults)
    {
        foreach (var (k, v) in defaults) _hyper.TryAdd(k, v);
    }
}
