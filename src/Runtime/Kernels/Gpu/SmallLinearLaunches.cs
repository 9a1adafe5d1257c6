using System.ComponentModel;
using GraphGen.Compiled.Gpu;
using ILGPU;
using Activation = GraphGen.Kernels.Cpu.Activation;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The SmallLinear family on the GPU, in the argument order of <see cref="Cpu.SmallLinearKernels"/> after the workspace.
/// The CPU specialises small layers because a GEMM's fixed cost dominates there; a GPU launch costs the same whatever the
/// sizes, so these queue <see cref="LinearLaunches"/>' tiled GEMM and gradient kernels: the backward is the activation's
/// gradient, dW, db and dx, as four launches.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SmallLinearLaunches
{
    public static void Forward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, int rows, int k, int n, Tensor weight, Tensor? bias, Activation activation)
        where TSizes : struct, IEquatable<TSizes> => CompiledGpuOps.Linear(ws, x, y, rows, k, n, weight, bias, activation);

    public static void Backward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, int rows, int k, int n,
        Tensor weight, Tensor weightParameter, out Tensor? weightGradient, Tensor? bias, out Tensor? biasGradient, Activation activation, bool accumulate)
        where TSizes : struct, IEquatable<TSizes>
    {
        if (activation != Activation.None) CompiledGpuOps.ActivationGradient(ws, y, dy, activation);
        weightGradient = CompiledGpuOps.WeightGradient(ws, weightParameter, dy, x, rows, k, n);
        biasGradient = CompiledGpuOps.BiasGradient(ws, bias, dy, rows, n);
        CompiledGpuOps.InputGradient(ws, dy, dx, rows, k, n, weight, accumulate);
    }
}
