namespace GraphGen;

/// <summary>
/// A step of the recorded graph: the op that produced a tensor and how to send a gradient back to
/// its inputs. Named as in PyTorch (<c>AddBackward0</c>, <c>MulBackward0</c>, ...).
/// </summary>
public sealed class Node
{
    private Func<Tensor, Tensor?[]>? _backward;

    internal Node(string name, Edge[] next, Func<Tensor, Tensor?[]> backward)
    {
        Name = name;
        Next = next;
        _backward = backward;
    }

    /// <summary>PyTorch's class name of this node, e.g. <c>SumBackward0</c>.</summary>
    public string Name { get; }

    /// <summary>Where each input's gradient goes (same order as the op's inputs).</summary>
    internal Edge[] Next { get; }

    /// <summary>The tensor whose gradient should be kept after backward (set by <see cref="Tensor.RetainGrad"/>).</summary>
    internal WeakReference<Tensor>? Retained { get; set; }

    /// <summary>The inputs' nodes, as PyTorch's <c>next_functions</c> (null for inputs that need no gradient).</summary>
    public IReadOnlyList<Node?> NextFunctions => Next.Select(e => e.Function).ToArray();

    internal Tensor?[] Apply(Tensor grad, bool retainGraph)
    {
        var backward = _backward ?? throw new InvalidOperationException(
            "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). " +
            "Saved intermediate values of the graph are freed when you call Backward(). " +
            $"Specify retainGraph: true if you need to backward through the graph a second time (node {Name}).");
        if (!retainGraph) _backward = null;
        return backward(grad);
    }

    public override string ToString() => $"<{Name}>";
}

/// <summary>One input of a node: either another node or a leaf that accumulates its gradient.</summary>
internal readonly record struct Edge(Node? Function, Tensor? Leaf, int[] Shape, DType DType)
{
    public bool IsEmpty => Function is null && Leaf is null;
}
