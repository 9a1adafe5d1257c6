namespace GraphGen.Gpu;

/// <summary>
/// A region (usually one training step) whose CUDA tensors are released deterministically when it is
/// disposed: their buffers go back to the device pool and the next step reuses them. Scopes nest; each
/// thread has its own. Created by <see cref="GpuRuntime.Scope"/>.
/// </summary>
public sealed class GpuScope : IDisposable
{
    [ThreadStatic] private static GpuScope? t_current;

    private readonly GpuScope? _parent;
    private readonly List<GpuStorage> _owned = [];
    private bool _disposed;

    private GpuScope(GpuScope? parent) => _parent = parent;

    internal static GpuScope? Current => t_current;

    internal static GpuScope Open() => t_current = new GpuScope(t_current);

    /// <summary>Number of device storages this scope will release.</summary>
    public int Count => _owned.Count;

    internal void Adopt(GpuStorage storage)
    {
        storage.Scope = this;
        _owned.Add(storage);
    }

    /// <summary>
    /// Moves <paramref name="tensor"/>'s memory out of this scope: to the enclosing scope if there is one,
    /// otherwise it lives until it is garbage collected. Returns the tensor. No effect on CPU tensors.
    /// </summary>
    public Tensor Keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Storage is GpuStorage s && s.Scope == this)
        {
            s.Scope = null; // Dispose skips storages whose scope moved on
            _parent?.Adopt(s);
        }
        return tensor;
    }

    /// <summary>Releases every storage still owned by this scope and makes the enclosing scope current again.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        if (t_current != this)
            throw new InvalidOperationException("GpuScope: scopes must be disposed in the reverse order they were opened (innermost first), on the thread that opened them.");
        _disposed = true;
        t_current = _parent;
        foreach (var s in _owned)
            if (s.Scope == this) s.Release();
        _owned.Clear();
    }
}
