using System.ComponentModel;
using GraphGen.Compiled.Gpu;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The AdaptivePool family's launches as compiled GPU code makes them, in the order of arguments of
/// <see cref="Cpu.AdaptivePoolKernels"/> after the workspace: adaptive average pooling of x [planes, inHeight, inWidth]
/// (planes = N·C) into y [planes, outHeight, outWidth] and its backward.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AdaptivePoolLaunches
{
    public static void AvgForward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, int planes, int inHeight, int inWidth, int outHeight, int outWidth)
        where TSizes : struct, IEquatable<TSizes> =>
        GpuTensorOps.AdaptiveAvgPool2dForward<float, Float32Math>(ws.Gpu, x, y, planes, inHeight, inWidth, outHeight, outWidth);

    /// <summary>dx (+)= each output cell's gradient spread evenly over its window; nothing when dx is empty.</summary>
    public static void AvgBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> dx, int planes, int inHeight, int inWidth, int outHeight, int outWidth, bool accumulate)
        where TSizes : struct, IEquatable<TSizes>
    {
        using var d = CompiledGradientWrite.Into(ws.Gpu, dx, accumulate);
        if (d.IsWanted) GpuTensorOps.AdaptiveAvgPool2dBackward<float, Float32Math>(ws.Gpu, dy, d.Target, planes, inHeight, inWidth, outHeight, outWidth);
    }
}
