using System.ComponentModel;
using GraphGen.Compiled.Gpu;
using ILGPU;
using Activation = GraphGen.Kernels.Cpu.Activation;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Linear's launches as compiled GPU code makes them (the Linear family of the generator's kernel calls, in the same
/// order of arguments as <see cref="Cpu.LinearKernels"/> after the workspace): the tiled GEMM with the bias and
/// activation in its epilogue, the fused activation's gradient, and the three backward pieces, queued on the
/// workspace's device stream. A parameter's gradient comes back for autograd through <c>out</c> (null when it was
/// written into the parameter's Grad, or is not wanted).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LinearLaunches
{
    public static void Forward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, int rows, int k, int n, Tensor weight, Tensor? bias, Activation activation)
        where TSizes : struct, IEquatable<TSizes> => CompiledGpuOps.Linear(ws, x, y, rows, k, n, weight, bias, activation);

    public static void ActivationGradient<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> y, ArrayView<float> dy, Activation activation)
        where TSizes : struct, IEquatable<TSizes> => CompiledGpuOps.ActivationGradient(ws, y, dy, activation);

    public static void WeightGradient<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> x, int rows, int k, int n, Tensor weight, out Tensor? gradient)
        where TSizes : struct, IEquatable<TSizes> => gradient = CompiledGpuOps.WeightGradient(ws, weight, dy, x, rows, k, n);

    public static void BiasGradient<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, int rows, int n, Tensor? bias, out Tensor? gradient)
        where TSizes : struct, IEquatable<TSizes> => gradient = CompiledGpuOps.BiasGradient(ws, bias, dy, rows, n);

    public static void InputGradient<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> dx, int rows, int k, int n, Tensor weight, bool accumulate)
        where TSizes : struct, IEquatable<TSizes> => CompiledGpuOps.InputGradient(ws, dy, dx, rows, k, n, weight, accumulate);
}
