namespace GraphGen.Optim;

/// <summary>
/// What an optimizer remembers about one parameter between steps: the number of steps taken and named
/// buffers of the parameter's shape (<c>momentum_buffer</c>, <c>exp_avg</c>, <c>exp_avg_sq</c> …).
/// </summary>
public sealed class ParameterState
{
    private readonly Dictionary<string, Tensor> _buffers = new(StringComparer.Ordinal);

    /// <summary>Steps taken on this parameter (PyTorch's <c>state["step"]</c>); the first update sees 1.</summary>
    public long Step { get; internal set; }

    public IReadOnlyDictionary<string, Tensor> Buffers => _buffers;

    /// <summary>The buffer's elements; it must exist.</summary>
    internal Span<float> Buffer(string name) => _buffers[name].Span<float>();

    internal bool Has(string name) => _buffers.ContainsKey(name);

    /// <summary>Creates a float32 buffer shaped like <paramref name="parameter"/>, filled with <paramref name="value"/>.</summary>
    internal Span<float> AddBuffer(string name, Tensor parameter, float value = 0f)
    {
        var t = Tensor.Full(parameter.ShapeArray, value);
        _buffers[name] = t;
        return t.Span<float>();
    }

    internal void SetBuffer(string name, Tensor value) => _buffers[name] = value;

    /// <summary>The buffer tensor, created on the parameter's device filled with <paramref name="value"/> if missing; it outlives any <see cref="GraphGen.Gpu.GpuScope"/>.</summary>
    internal Tensor DeviceBuffer(string name, Tensor parameter, float value = 0f)
    {
        if (_buffers.TryGetValue(name, out var existing)) return existing;
        var t = Tensor.Full(parameter.ShapeArray, value, DType.Float32, parameter.Device);
        (t.Storage as GpuStorage)?.Persist();
        _buffers[name] = t;
        return t;
    }
}
