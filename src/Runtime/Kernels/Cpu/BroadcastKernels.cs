using System.ComponentModel;
using GraphGen.Compiled;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// The Broadcast family's kernels as compiled code calls them: arithmetic whose operands broadcast, and its backward
/// (each operand's gradient summed back over the dims it was stretched along). The loops are
/// <see cref="Compiled.BroadcastKernels"/>'s.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BroadcastKernels
{
    /// <summary>y = a op b with PyTorch's broadcasting.</summary>
    public static void Forward(BinaryOp op, ReadOnlySpan<float> a, ReadOnlySpan<int> aShape, ReadOnlySpan<float> b, ReadOnlySpan<int> bShape,
        Span<float> y, ReadOnlySpan<int> yShape) =>
        Compiled.BroadcastKernels.Forward(op, a, aShape, b, bShape, y, yShape);

    /// <summary>da (+)= reduce(dy·∂y/∂a), db (+)= reduce(dy·∂y/∂b); an empty gradient span is skipped.</summary>
    public static void Backward(BinaryOp op, ReadOnlySpan<float> a, ReadOnlySpan<int> aShape, ReadOnlySpan<float> b, ReadOnlySpan<int> bShape,
        ReadOnlySpan<float> dy, ReadOnlySpan<int> yShape, Span<float> da, bool accumulateA, Span<float> db, bool accumulateB) =>
        Compiled.BroadcastKernels.Backward(op, a, aShape, b, bShape, dy, yShape, da, accumulateA, db, accumulateB);
}
