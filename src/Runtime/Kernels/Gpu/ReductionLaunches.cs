using System.ComponentModel;
using GraphGen.Compiled.Gpu;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The Reduction family's launches as compiled GPU code makes them (as <see cref="Cpu.ReductionKernels"/> on the
/// CPU): a sum (or, scaled by 1/n, a mean) over the middle dim of [outer, n, inner], and its backward.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ReductionLaunches
{
    public static void Sum<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, int outer, int n, int inner, float scale)
        where TSizes : struct, IEquatable<TSizes> => CompiledGpuOps.Sum(ws, x, y, outer, n, inner, scale);

    public static void SumBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> dx, int outer, int n, int inner, float scale, bool accumulate)
        where TSizes : struct, IEquatable<TSizes> => CompiledGpuOps.SumBackward(ws, dy, dx, outer, n, inner, scale, accumulate);
}
