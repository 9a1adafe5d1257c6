using System.ComponentModel;

namespace GraphGen.Compiled.Gpu;

/// <summary>
/// Free GPU workspaces of a module, by sizes and device: a training loop at a fixed batch size rents and
/// returns the same workspace every step, so a steady-state step allocates no device memory. Unlike the CPU
/// pool, a workspace dropped when the pool is full gives its buffers back to the device pool at once
/// (device memory is not left to the garbage collector). Thread-safe.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GpuWorkspacePool<TSizes, TWorkspace>
    where TSizes : struct, IEquatable<TSizes>
    where TWorkspace : GpuWorkspace<TSizes>
{
    /// <summary>Free workspaces kept at most (a few batch sizes: the last batch of an epoch is smaller).</summary>
    private const int Capacity = 4;

    private readonly List<TWorkspace> _free = new(Capacity);
    private readonly Lock _lock = new();

    /// <summary>A free workspace planned for <paramref name="sizes"/> on <paramref name="device"/>, or null (the caller plans a new one).</summary>
    public TWorkspace? Rent(TSizes sizes, Device device)
    {
        lock (_lock)
        {
            for (int i = _free.Count - 1; i >= 0; i--)
            {
                var ws = _free[i];
                if (!ws.Sizes.Equals(sizes) || ws.Device != device) continue;
                _free.RemoveAt(i);
                return ws;
            }
        }

        return null;
    }

    /// <summary>Hands a workspace back; the oldest free one is released when the pool is full.</summary>
    public void Return(TWorkspace workspace)
    {
        workspace.Generation++;
        TWorkspace? dropped = null;
        lock (_lock)
        {
            if (_free.Count == Capacity)
            {
                dropped = _free[0];
                _free.RemoveAt(0);
            }

            _free.Add(workspace);
        }

        dropped?.Release();
    }
}
