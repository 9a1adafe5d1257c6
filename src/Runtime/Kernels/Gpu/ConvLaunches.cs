using System.ComponentModel;
using GraphGen.Compiled.Gpu;
using GraphGen.Kernels.Cpu;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The Conv family's launches as compiled GPU code makes them, in the order of arguments of <see cref="ConvKernels"/>
/// after the workspace (the sizes in <see cref="Conv2dGeometry"/>'s order; a Conv1d is height 1): im2col + the tiled
/// GEMM with the bias added per channel and a fused activation applied in place, and the three backward pieces, queued
/// on the workspace's stream. Buffers are float32 NCHW; the im2col matrix is pooled scratch. A parameter's gradient
/// comes back for autograd through <c>out</c> (null when it was written into the parameter's Grad, or is not wanted).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ConvLaunches
{
    /// <summary>y = act(conv(x, weight) + bias).</summary>
    public static void Forward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y,
        int batch, int inChannels, int inHeight, int inWidth, int outChannels, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int padTop, int padLeft, int dilationHeight, int dilationWidth, int groups, int outHeight, int outWidth,
        Tensor weight, Tensor? bias, Activation activation)
        where TSizes : struct, IEquatable<TSizes>
    {
        var g = new Conv2dGeometry(batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth,
            strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, groups, outHeight, outWidth);
        GpuTensorOps.Conv2dForward<float, Float32Math>(ws.Gpu, x, GpuCall.ViewOf(weight), GpuCall.ViewOrEmpty(bias), y, g);
        CompiledGpuOps.Activate(ws, y, g.OutputLength, activation);
    }

    /// <summary>The weight's gradient Σ over samples of dY·columnsᵀ.</summary>
    public static void WeightGradient<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> x,
        int batch, int inChannels, int inHeight, int inWidth, int outChannels, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int padTop, int padLeft, int dilationHeight, int dilationWidth, int groups, int outHeight, int outWidth,
        Tensor weight, out Tensor? gradient)
        where TSizes : struct, IEquatable<TSizes>
    {
        using var dw = CompiledGradientWrite.IntoParameter(ws, weight, out gradient);
        if (!dw.IsWanted) return;
        var g = new Conv2dGeometry(batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth,
            strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, groups, outHeight, outWidth);
        GpuTensorOps.Conv2dBackwardWeight<float, Float32Math>(ws.Gpu, x, dy, dw.Target, g);
    }

    /// <summary>
    /// The bias's gradient, dy summed per output channel: two grouped sums (over each plane, then over the batch), so
    /// each reduction is spread over a group of threads rather than one thread per channel.
    /// </summary>
    public static void BiasGradient<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy,
        int batch, int inChannels, int inHeight, int inWidth, int outChannels, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int padTop, int padLeft, int dilationHeight, int dilationWidth, int groups, int outHeight, int outWidth,
        Tensor? bias, out Tensor? gradient)
        where TSizes : struct, IEquatable<TSizes>
    {
        using var db = CompiledGradientWrite.IntoParameter(ws, bias, out gradient);
        if (!db.IsWanted) return;
        int plane = outHeight * outWidth;
        if (batch == 0 || plane == 0)
        {
            db.Target.MemSetToZero(ws.Gpu.Stream);
            return;
        }
        using var planeSums = new DeviceScratch<float>(ws.Gpu, (long)batch * outChannels);
        CompiledGpuOps.Sum(ws, dy, planeSums.View, outer: batch * outChannels, n: plane, inner: 1, scale: 1f);
        CompiledGpuOps.Sum(ws, planeSums.View, db.Target, outer: 1, n: batch, inner: outChannels, scale: 1f);
    }

    /// <summary>dx (+)= Wᵀ·dY scattered back (col2im); nothing when dx is empty (not wanted).</summary>
    public static void InputGradient<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> dx,
        int batch, int inChannels, int inHeight, int inWidth, int outChannels, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int padTop, int padLeft, int dilationHeight, int dilationWidth, int groups, int outHeight, int outWidth,
        Tensor weight, bool accumulate)
        where TSizes : struct, IEquatable<TSizes>
    {
        using var d = CompiledGradientWrite.Into(ws.Gpu, dx, accumulate);
        if (!d.IsWanted) return;
        var g = new Conv2dGeometry(batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth,
            strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, groups, outHeight, outWidth);
        GpuTensorOps.Conv2dBackwardInput<float, Float32Math>(ws.Gpu, dy, GpuCall.ViewOf(weight), d.Target, g);
    }
}
