namespace GraphGen;

/// <summary>
/// The end of a per-thread mode (<see cref="Autograd.NoGrad"/>, <see cref="Autograd.DetectAnomaly"/>): runs
/// <c>exit</c> once, however often it is disposed. Modes nest, so each scope only undoes its own entry.
/// </summary>
internal sealed class ThreadScope(Action exit) : IDisposable
{
    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        exit();
    }
}
