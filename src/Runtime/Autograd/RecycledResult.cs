namespace GraphGen;

/// <summary>
/// What an op keeps with a result it hands out again each training step (<see cref="Tensor.Recycled"/>): the
/// autograd node it re-records, the state of the op that consumes the result (a loss keeps its buffers here), and,
/// for a scalar result, the gradient of one that <see cref="Tensor.Backward"/> starts from.
/// </summary>
/// <remarks>
/// A result is reused only when its last graph was consumed: the node's backward ran without retainGraph
/// (<see cref="Node.IsArmed"/> false). Until then the op makes a fresh result, as it always did.
/// </remarks>
internal sealed class RecycledResult(Node node)
{
    public Node Node { get; } = node;

    /// <summary>The consuming op's reusable state (a loss's buffers and result), or null.</summary>
    public object? Consumer { get; set; }

    /// <summary>The gradient of one a scalar result's Backward starts from; nodes never write their incoming gradient.</summary>
    public Tensor? Seed { get; set; }
}
