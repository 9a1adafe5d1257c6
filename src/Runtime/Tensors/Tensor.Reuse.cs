namespace GraphGen;

// What the runtime keeps on a tensor so that a steady training step can hand the same objects out again
// instead of allocating new ones (see Compiled.GradientRecycler and Compiled.Workspace's Record).
public sealed partial class Tensor
{
    /// <summary>
    /// For a parameter: the last never-seen gradient that was replaced or cleared, kept whole (tensor and array)
    /// for the parameter's next compiled gradient (<see cref="Compiled.GradientRecycler"/>).
    /// </summary>
    internal Tensor? SpareGradient;

    /// <summary>
    /// For a never-seen gradient (<see cref="IsRecyclableGradient"/>) that <c>ZeroGrad(setToNone: false)</c> cleared: its
    /// elements are zero as far as anyone can tell, but not yet written. The next compiled backward overwrites it instead
    /// of accumulating (beta 0); any other reader writes the zeros first (<see cref="ApplyPendingZero"/>). Only a gradient
    /// nobody else can hold may be zeroed this way, so no alias can see the stale values.
    /// </summary>
    internal bool IsZeroPending;

    /// <summary>Writes the zeros a lazy <c>ZeroGrad</c> left pending.</summary>
    internal void ApplyPendingZero()
    {
        if (!IsZeroPending) return;
        IsZeroPending = false;
        FillRaw(0);
    }

    /// <summary>
    /// For a tensor the runtime hands out again each step (a compiled training call's output, the loss computed
    /// from it): what its consumers reuse with it. Null for every other tensor.
    /// </summary>
    internal RecycledResult? Recycled;

    /// <summary>
    /// Makes this recycled result look like a new one before its storage is rewritten: no gradient of its own
    /// (a retained one belonged to the last step), and a new storage version so that a graph built on the old
    /// values notices they changed instead of silently reading the new ones.
    /// </summary>
    internal void ResetForReuse()
    {
        _grad = null;
        Storage.Version++;
    }
}
