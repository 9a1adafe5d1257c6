using System.ComponentModel;
using GraphGen.Compiled.Gpu;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The Softmax family's launches as compiled GPU code makes them (as <see cref="Cpu.SoftmaxKernels"/> on the CPU):
/// softmax and log-softmax over the middle dim of [outer, n, inner], and their backward passes from the saved output.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SoftmaxLaunches
{
    public static void Softmax<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, int outer, int n, int inner)
        where TSizes : struct, IEquatable<TSizes> => CompiledGpuOps.Softmax(ws, x, y, outer, n, inner, log: false);

    public static void LogSoftmax<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, int outer, int n, int inner)
        where TSizes : struct, IEquatable<TSizes> => CompiledGpuOps.Softmax(ws, x, y, outer, n, inner, log: true);

    public static void SoftmaxBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, int outer, int n, int inner, bool accumulate)
        where TSizes : struct, IEquatable<TSizes> => CompiledGpuOps.SoftmaxBackward(ws, y, dy, dx, outer, n, inner, log: false, accumulate);

    public static void LogSoftmaxBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, int outer, int n, int inner, bool accumulate)
        where TSizes : struct, IEquatable<TSizes> => CompiledGpuOps.SoftmaxBackward(ws, y, dy, dx, outer, n, inner, log: true, accumulate);
}
