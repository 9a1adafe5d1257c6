using System.ComponentModel;
using GraphGen.Compiled.Gpu;
using GraphGen.Kernels.Cpu;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The Pool family's launches as compiled GPU code makes them, in the order of arguments of <see cref="PoolKernels"/>
/// after the workspace (the sizes in <see cref="Pool2dGeometry"/>'s order, planes = N·C): forward and backward of max
/// and average pooling over float32 NCHW buffers. Max pooling saves each window's maximum position in
/// <c>indices</c>, a float buffer of the output's length (the workspace plans float buffers only) read as int32.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PoolLaunches
{
    /// <summary>y = the maximum of each window; <paramref name="indices"/> records where it was.</summary>
    public static void MaxForward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, ArrayView<float> indices,
        int planes, int inHeight, int inWidth, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
        int padTop, int padLeft, int dilationHeight, int dilationWidth, int outHeight, int outWidth)
        where TSizes : struct, IEquatable<TSizes>
    {
        var g = new Pool2dGeometry(planes, inHeight, inWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft,
            dilationHeight, dilationWidth, outHeight, outWidth);
        GpuTensorOps.MaxPool2dForward(ws.Gpu, x, y, indices.Cast<int>(), g);
    }

    /// <summary>dx (+)= dy gathered from the windows whose saved maximum is each element.</summary>
    public static void MaxBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> indices, ArrayView<float> dx,
        int planes, int inHeight, int inWidth, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
        int padTop, int padLeft, int dilationHeight, int dilationWidth, int outHeight, int outWidth, bool accumulate)
        where TSizes : struct, IEquatable<TSizes>
    {
        using var d = CompiledGradientWrite.Into(ws.Gpu, dx, accumulate);
        if (!d.IsWanted) return;
        var g = new Pool2dGeometry(planes, inHeight, inWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft,
            dilationHeight, dilationWidth, outHeight, outWidth);
        GpuTensorOps.MaxPool2dBackward(ws.Gpu, dy, indices.Cast<int>(), d.Target, g);
    }

    /// <summary>y = the mean of each window (padded zeros counted in the divisor when <paramref name="countIncludePad"/>).</summary>
    public static void AvgForward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y,
        int planes, int inHeight, int inWidth, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
        int padTop, int padLeft, int outHeight, int outWidth, bool countIncludePad)
        where TSizes : struct, IEquatable<TSizes>
    {
        var g = new Pool2dGeometry(planes, inHeight, inWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, 1, 1, outHeight, outWidth);
        GpuTensorOps.AvgPool2dForward<float, Float32Math>(ws.Gpu, x, y, g, countIncludePad);
    }

    /// <summary>dx (+)= each window's dy spread evenly over it.</summary>
    public static void AvgBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> dx,
        int planes, int inHeight, int inWidth, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
        int padTop, int padLeft, int outHeight, int outWidth, bool countIncludePad, bool accumulate)
        where TSizes : struct, IEquatable<TSizes>
    {
        using var d = CompiledGradientWrite.Into(ws.Gpu, dx, accumulate);
        if (!d.IsWanted) return;
        var g = new Pool2dGeometry(planes, inHeight, inWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, 1, 1, outHeight, outWidth);
        GpuTensorOps.AvgPool2dBackward<float, Float32Math>(ws.Gpu, dy, d.Target, g, countIncludePad);
    }
}
