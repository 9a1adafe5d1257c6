namespace GraphGen;

/// <summary>
/// The collections one backward walk uses (the topological order and the gradients pending per node), kept per
/// thread and cleared after each walk so that the next one allocates none.
/// </summary>
internal sealed class BackwardWalk
{
    public List<Node> Order { get; } = [];

    public HashSet<Node> Visited { get; } = new(ReferenceEqualityComparer.Instance);

    public Stack<(Node Node, int Next)> Stack { get; } = new();

    public Dictionary<Node, Tensor> Pending { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>True while a walk runs on these collections.</summary>
    public bool InUse { get; set; }

    /// <summary>Empties the collections (keeping their capacity) and frees them for the next walk; no node or tensor stays reachable.</summary>
    public void Clear()
    {
        Order.Clear();
        Visited.Clear();
        Stack.Clear();
        Pending.Clear();
        InUse = false;
    }
}
