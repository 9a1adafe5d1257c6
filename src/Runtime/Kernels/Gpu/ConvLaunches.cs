using System.ComponentModel;
using GraphGen.Compiled.Gpu;
using GraphGen.Kernels.Cpu;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Conv1d/Conv2d's launches as compiled GPU code makes them (the same <see cref="Conv2dGeometry"/> as the CPU's
/// <see cref="Convolution"/>; a Conv1d is height 1): im2col + the tiled GEMM forward with the bias added per channel,
/// and the three backward pieces, queued on the workspace's stream. Buffers are float32 NCHW; the im2col matrix is
/// pooled scratch, so the workspace plans nothing extra. A parameter's gradient comes back for autograd through
/// <c>out</c> (null when it was written into the parameter's Grad, or is not wanted).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ConvLaunches
{
    /// <summary>y = conv(x, weight) + bias.</summary>
    public static void Forward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, Conv2dGeometry g, Tensor weight, Tensor? bias)
        where TSizes : struct, IEquatable<TSizes> =>
        GpuTensorOps.Conv2dForward<float, Float32Math>(ws.Gpu, x, GpuCall.ViewOf(weight), GpuCall.ViewOrEmpty(bias), y, g);

    /// <summary>dx (+)= the input gradient (Wᵀ·dY, col2im); nothing when dx is empty (not wanted).</summary>
    public static void InputGradient<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> dx, Conv2dGeometry g, Tensor weight, bool accumulate)
        where TSizes : struct, IEquatable<TSizes> =>
        CompiledGradientWrites.WriteOrAdd(ws, dx, accumulate, target => GpuTensorOps.Conv2dBackwardInput<float, Float32Math>(ws.Gpu, dy, GpuCall.ViewOf(weight), target, g));

    /// <summary>The weight's gradient Σ over samples of dY·columnsᵀ.</summary>
    public static void WeightGradient<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> x, Conv2dGeometry g, Tensor weight, out Tensor? gradient)
        where TSizes : struct, IEquatable<TSizes> =>
        gradient = CompiledGradientWrites.IntoParameter(ws, weight, target => GpuTensorOps.Conv2dBackwardWeight<float, Float32Math>(ws.Gpu, x, dy, target, g));

    /// <summary>The bias's gradient: dy summed per output channel.</summary>
    public static void BiasGradient<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, Conv2dGeometry g, Tensor? bias, out Tensor? gradient)
        where TSizes : struct, IEquatable<TSizes> =>
        gradient = CompiledGradientWrites.IntoParameter(ws, bias, target => GpuTensorOps.Conv2dBackwardBias(ws.Gpu, dy, target, g));
}
