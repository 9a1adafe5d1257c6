using System.ComponentModel;
using GraphGen.Kernels.Cpu;
using GraphGen.Compiled.Gpu;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The Broadcast family's launches as compiled GPU code makes them (as <see cref="Cpu.BroadcastKernels"/> on the
/// CPU): arithmetic whose operands broadcast (rank ≤ 4), and its backward.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BroadcastLaunches
{
    public static void Forward<TSizes>(GpuWorkspace<TSizes> ws, BinaryOp op, ArrayView<float> a, ReadOnlySpan<int> aShape, ArrayView<float> b, ReadOnlySpan<int> bShape,
        ArrayView<float> y, ReadOnlySpan<int> yShape) where TSizes : struct, IEquatable<TSizes> =>
        CompiledGpuOps.Broadcast(ws, op, a, aShape, b, bShape, y, yShape);

    public static void Backward<TSizes>(GpuWorkspace<TSizes> ws, BinaryOp op, ArrayView<float> a, ReadOnlySpan<int> aShape, ArrayView<float> b, ReadOnlySpan<int> bShape,
        ArrayView<float> dy, ReadOnlySpan<int> yShape, ArrayView<float> da, bool accumulateA, ArrayView<float> db, bool accumulateB) where TSizes : struct, IEquatable<TSizes> =>
        CompiledGpuOps.BroadcastBackward(ws, op, a, aShape, b, bShape, dy, yShape, da, accumulateA, db, accumulateB);
}
