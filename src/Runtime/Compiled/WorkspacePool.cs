using System.ComponentModel;

namespace GraphGen.Compiled;

/// <summary>
/// Free workspaces of a module, by sizes. A training loop at a fixed batch size rents and returns the same
/// workspace every step, so a steady-state step allocates no activation memory. Thread-safe.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WorkspacePool<TSizes, TWorkspace>
    where TSizes : struct, IEquatable<TSizes>
    where TWorkspace : Workspace<TSizes>
{
    /// <summary>Free workspaces kept at most (e.g. a few batch sizes: the last batch of an epoch is smaller).</summary>
    private const int Capacity = 4;

    private readonly List<TWorkspace> _free = new(Capacity);
    private readonly Lock _lock = new();

    /// <summary>A free workspace planned for <paramref name="sizes"/>, or null (the caller plans a new one).</summary>
    public TWorkspace? Rent(TSizes sizes)
    {
        lock (_lock)
        {
            for (int i = _free.Count - 1; i >= 0; i--)
            {
                var ws = _free[i];
                if (!ws.Sizes.Equals(sizes)) continue;
                _free.RemoveAt(i);
                return ws;
            }
        }

        return null;
    }

    /// <summary>Hands a workspace back; the oldest free one is dropped when the pool is full.</summary>
    public void Return(TWorkspace workspace)
    {
        workspace.Generation++;
        lock (_lock)
        {
            if (_free.Count == Capacity) _free.RemoveAt(0);
            _free.Add(workspace);
        }
    }
}
