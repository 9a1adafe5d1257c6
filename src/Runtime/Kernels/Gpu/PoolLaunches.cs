using System.ComponentModel;
using GraphGen.Compiled.Gpu;
using GraphGen.Kernels.Cpu;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The pools' launches as compiled GPU code makes them (the same <see cref="Pool2dGeometry"/> as the CPU's
/// <see cref="Pooling"/>): forward and backward of max, average and adaptive-average pooling over float32 NCHW
/// buffers. Max pooling saves each window's maximum position in <c>indices</c>, a float buffer of the output's length
/// (the workspace plans float buffers only) that the kernels read as int32.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PoolLaunches
{
    public static void MaxPool2dForward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, ArrayView<float> indices, Pool2dGeometry g)
        where TSizes : struct, IEquatable<TSizes> =>
        GpuTensorOps.MaxPool2dForward(ws.Gpu, x, y, indices.Cast<int>(), g);

    public static void MaxPool2dBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> indices, ArrayView<float> dx, Pool2dGeometry g, bool accumulate)
        where TSizes : struct, IEquatable<TSizes> =>
        CompiledGradientWrites.WriteOrAdd(ws, dx, accumulate, target => GpuTensorOps.MaxPool2dBackward(ws.Gpu, dy, indices.Cast<int>(), target, g));

    public static void AvgPool2dForward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, Pool2dGeometry g, bool countIncludePad)
        where TSizes : struct, IEquatable<TSizes> =>
        GpuTensorOps.AvgPool2dForward<float, Float32Math>(ws.Gpu, x, y, g, countIncludePad);

    public static void AvgPool2dBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> dx, Pool2dGeometry g, bool countIncludePad, bool accumulate)
        where TSizes : struct, IEquatable<TSizes> =>
        CompiledGradientWrites.WriteOrAdd(ws, dx, accumulate, target => GpuTensorOps.AvgPool2dBackward<float, Float32Math>(ws.Gpu, dy, target, g, countIncludePad));

    /// <summary>x is [planes, inHeight, inWidth] (planes = N·C); y is [planes, outHeight, outWidth].</summary>
    public static void AdaptiveAvgPool2dForward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, int planes, int inHeight, int inWidth, int outHeight, int outWidth)
        where TSizes : struct, IEquatable<TSizes> =>
        GpuTensorOps.AdaptiveAvgPool2dForward<float, Float32Math>(ws.Gpu, x, y, planes, inHeight, inWidth, outHeight, outWidth);

    public static void AdaptiveAvgPool2dBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> dx, int planes, int inHeight, int inWidth, int outHeight, int outWidth, bool accumulate)
        where TSizes : struct, IEquatable<TSizes> =>
        CompiledGradientWrites.WriteOrAdd(ws, dx, accumulate, target => GpuTensorOps.AdaptiveAvgPool2dBackward<float, Float32Math>(ws.Gpu, dy, target, planes, inHeight, inWidth, outHeight, outWidth));
}
