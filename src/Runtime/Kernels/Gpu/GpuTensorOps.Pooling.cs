using System.Numerics;
using GraphGen.Gpu;
using GraphGen.Kernels.Cpu;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Pooling on the device: the view-level launches (for the eager ops below and compiled code, <see cref="PoolLaunches"/>)
/// and the eager ops over validated geometry, recorded under PyTorch's node names.
/// </summary>
internal static partial class GpuTensorOps
{
    internal static void MaxPool2dForward<T>(GpuDevice d, ArrayView<T> x, ArrayView<T> y, ArrayView<int> indices, Pool2dGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        GpuLaunch.Run(d, PoolingKernels.MaxPool2dForward<T>, g.OutputLength, x, y, indices, g);

    internal static void MaxPool2dBackward<T>(GpuDevice d, ArrayView<T> dy, ArrayView<int> indices, ArrayView<T> dx, Pool2dGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        GpuLaunch.Run(d, PoolingKernels.MaxPool2dBackward<T>, g.InputLength, dy, indices, dx, g);

    internal static void AvgPool2dForward<T, TMath>(GpuDevice d, ArrayView<T> x, ArrayView<T> y, Pool2dGeometry g, bool countIncludePad)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T> =>
        GpuLaunch.Run(d, PoolingKernels.AvgPool2dForward<T, TMath>, g.OutputLength, x, y, g, countIncludePad ? 1 : 0);

    internal static void AvgPool2dBackward<T, TMath>(GpuDevice d, ArrayView<T> dy, ArrayView<T> dx, Pool2dGeometry g, bool countIncludePad)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T> =>
        GpuLaunch.Run(d, PoolingKernels.AvgPool2dBackward<T, TMath>, g.InputLength, dy, dx, g, countIncludePad ? 1 : 0);

    internal static void AdaptiveAvgPool2dForward<T, TMath>(GpuDevice d, ArrayView<T> x, ArrayView<T> y, int planes, int inHeight, int inWidth, int outHeight, int outWidth)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T> =>
        GpuLaunch.Run(d, PoolingKernels.AdaptiveAvgPool2dForward<T, TMath>, planes * outHeight * outWidth, x, y, inHeight, inWidth, outHeight, outWidth);

    internal static void AdaptiveAvgPool2dBackward<T, TMath>(GpuDevice d, ArrayView<T> dy, ArrayView<T> dx, int planes, int inHeight, int inWidth, int outHeight, int outWidth)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T> =>
        GpuLaunch.Run(d, PoolingKernels.AdaptiveAvgPool2dBackward<T, TMath>, planes * inHeight * inWidth, dy, dx, inHeight, inWidth, outHeight, outWidth);

    /// <summary>Eager max pooling, the window maxima's indices kept on the device for the backward scatter.</summary>
    public static Tensor MaxPool2d(Tensor input, Pool2dGeometry g, int[] outShape)
    {
        RequireFloating(input, "MaxPool2d");
        return input.DType == DType.Float64 ? MaxPool2d<double>(input, g, outShape) : MaxPool2d<float>(input, g, outShape);
    }

    private static Tensor MaxPool2d<T>(Tensor input, Pool2dGeometry g, int[] outShape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = Empty(input.Device, input.DType, outShape);
        var indices = Empty(input.Device, DType.Int32, outShape);
        var d = DeviceOf(y);
        MaxPool2dForward(d, DenseView<T>(Dense(input)), DenseView<T>(y), DenseView<int>(indices), g);
        return Autograd.Record("MaxPool2DWithIndicesBackward0", y, grad =>
        {
            var dx = Empty(input.Device, input.DType, input.ShapeArray);
            MaxPool2dBackward(d, DenseView<T>(Dense(grad)), DenseView<int>(indices), DenseView<T>(dx), g);
            return [dx];
        }, input);
    }

    /// <summary>Eager average pooling.</summary>
    public static Tensor AvgPool2d(Tensor input, Pool2dGeometry g, bool countIncludePad, int[] outShape)
    {
        RequireFloating(input, "AvgPool2d");
        return input.DType == DType.Float64
            ? AvgPool2d<double, Float64Math>(input, g, countIncludePad, outShape)
            : AvgPool2d<float, Float32Math>(input, g, countIncludePad, outShape);
    }

    private static Tensor AvgPool2d<T, TMath>(Tensor input, Pool2dGeometry g, bool countIncludePad, int[] outShape)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        var y = Empty(input.Device, input.DType, outShape);
        var d = DeviceOf(y);
        AvgPool2dForward<T, TMath>(d, DenseView<T>(Dense(input)), DenseView<T>(y), g, countIncludePad);
        return Autograd.Record("AvgPool2DBackward0", y, grad =>
        {
            var dx = Empty(input.Device, input.DType, input.ShapeArray);
            AvgPool2dBackward<T, TMath>(d, DenseView<T>(Dense(grad)), DenseView<T>(dx), g, countIncludePad);
            return [dx];
        }, input);
    }

    /// <summary>Eager adaptive average pooling of [planes, inHeight, inWidth] to [outHeight, outWidth], recorded as <paramref name="nodeName"/>.</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, int inHeight, int inWidth, int outHeight, int outWidth, int[] outShape, string nodeName)
    {
        RequireFloating(input, "AdaptiveAvgPool2d");
        return input.DType == DType.Float64
            ? AdaptiveAvgPool2d<double, Float64Math>(input, inHeight, inWidth, outHeight, outWidth, outShape, nodeName)
            : AdaptiveAvgPool2d<float, Float32Math>(input, inHeight, inWidth, outHeight, outWidth, outShape, nodeName);
    }

    private static Tensor AdaptiveAvgPool2d<T, TMath>(Tensor input, int inHeight, int inWidth, int outHeight, int outWidth, int[] outShape, string nodeName)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int planes = input.NumEl / Math.Max(1, inHeight * inWidth);
        var y = Empty(input.Device, input.DType, outShape);
        var d = DeviceOf(y);
        AdaptiveAvgPool2dForward<T, TMath>(d, DenseView<T>(Dense(input)), DenseView<T>(y), planes, inHeight, inWidth, outHeight, outWidth);
        return Autograd.Record(nodeName, y, grad =>
        {
            var dx = Empty(input.Device, input.DType, input.ShapeArray);
            AdaptiveAvgPool2dBackward<T, TMath>(d, DenseView<T>(Dense(grad)), DenseView<T>(dx), planes, inHeight, inWidth, outHeight, outWidth);
            return [dx];
        }, input);
    }
}
