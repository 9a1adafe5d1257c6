using System.Numerics;
using GraphGen.Kernels.Cpu;

namespace GraphGen.Nn;

public static partial class F
{
    /// <summary>
    /// 2-D max pooling (PyTorch's <c>F.max_pool2d</c>) over [N, C, H, W] or [C, H, W]: the maximum of each
    /// kernelSize window, windows stride apart (default: kernelSize), the input padded with −∞. Output size
    /// ⌊(H + 2·padding − dilation·(k − 1) − 1)/stride⌋ + 1 (⌈…⌉ with <paramref name="ceilMode"/>).
    /// Recorded as <c>MaxPool2DWithIndicesBackward0</c>.
    /// </summary>
    public static Tensor MaxPool2d(Tensor input, Size2D kernelSize, Size2D? stride = null, Size2D? padding = null,
        Size2D? dilation = null, bool ceilMode = false)
    {
        var g = PoolGeometry("MaxPool2d", input, kernelSize, stride, padding ?? 0, dilation ?? 1, ceilMode);
        if (input.Storage is GpuStorage) return Kernels.Gpu.GpuTensorOps.MaxPool2d(input, g, PooledShape(input, g.OutHeight, g.OutWidth));
        return input.DType == DType.Float64 ? MaxPool<double>(input, g) : MaxPool<float>(input, g);
    }

    /// <summary>
    /// 2-D average pooling (PyTorch's <c>F.avg_pool2d</c>): the mean of each window; padded zeros count in the divisor
    /// when <paramref name="countIncludePad"/> (the default). Recorded as <c>AvgPool2DBackward0</c>.
    /// </summary>
    public static Tensor AvgPool2d(Tensor input, Size2D kernelSize, Size2D? stride = null, Size2D? padding = null,
        bool ceilMode = false, bool countIncludePad = true)
    {
        var g = PoolGeometry("AvgPool2d", input, kernelSize, stride, padding ?? 0, 1, ceilMode);
        if (input.Storage is GpuStorage)
            return Kernels.Gpu.GpuTensorOps.AvgPool2d(input, g, countIncludePad, PooledShape(input, g.OutHeight, g.OutWidth));
        return input.DType == DType.Float64 ? AvgPool<double>(input, g, countIncludePad) : AvgPool<float>(input, g, countIncludePad);
    }

    /// <summary>
    /// 2-D adaptive average pooling (PyTorch's <c>F.adaptive_avg_pool2d</c>) to an outputSize grid: output (i, j)
    /// averages rows ⌊i·H/OH⌋ to ⌈(i+1)·H/OH⌉ and the columns likewise. outputSize 1 is global average pooling, which
    /// PyTorch computes as a mean over the last two dims, so it is recorded as PyTorch's <c>MeanBackward1</c>;
    /// otherwise <c>AdaptiveAvgPool2DBackward0</c>.
    /// </summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, Size2D outputSize)
    {
        ArgumentNullException.ThrowIfNull(input);
        const string op = "AdaptiveAvgPool2d";
        CheckPoolInput(op, input);
        if (outputSize.AnyNegative)
            throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, $"{op}: output_size must be 0 or more but got {outputSize}.");
        int h = input.ShapeArray[^2], w = input.ShapeArray[^1];
        if (h == 0 || w == 0)
            throw new ArgumentException($"{op}: expected input with non-zero sizes for the spatial dims but got input of shape {input.Shape}.", nameof(input));
        if (input.Storage is GpuStorage)
            return Kernels.Gpu.GpuTensorOps.AdaptiveAvgPool2d(input, h, w, outputSize.Height, outputSize.Width,
                PooledShape(input, outputSize.Height, outputSize.Width), AdaptiveAvgPoolNodeName(outputSize.Height, outputSize.Width));
        return input.DType == DType.Float64
            ? AdaptiveAvgPool<double>(input, h, w, outputSize.Height, outputSize.Width)
            : AdaptiveAvgPool<float>(input, h, w, outputSize.Height, outputSize.Width);
    }

    private static void CheckPoolInput(string op, Tensor input)
    {
        if (input.Rank is not (3 or 4))
            throw new ArgumentException($"{op}: expected a 3-D (unbatched [C, H, W]) or 4-D (batched [N, C, H, W]) input but got input of shape {input.Shape}.", nameof(input));
        LayerOperands.Check(op, ("input", input));
    }

    private static Pool2dGeometry PoolGeometry(string op, Tensor input, Size2D kernel, Size2D? stride, Size2D padding, Size2D dilation, bool ceilMode)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckPoolInput(op, input);
        var s = stride ?? kernel;
        if (kernel.AnyBelowOne)
            throw new ArgumentOutOfRangeException(nameof(kernel), kernel, $"{op}: kernel_size must be greater than zero, but got kernel_size={kernel}.");
        if (s.AnyBelowOne)
            throw new ArgumentOutOfRangeException(nameof(stride), s, $"{op}: stride must be greater than zero, but got stride={s}.");
        if (dilation.AnyBelowOne)
            throw new ArgumentOutOfRangeException(nameof(dilation), dilation, $"{op}: dilation must be greater than zero, but got dilation={dilation}.");
        if (padding.AnyNegative || padding.Height > kernel.Height / 2 || padding.Width > kernel.Width / 2)
            throw new ArgumentOutOfRangeException(nameof(padding), padding, $"{op}: pad should be at least 0 and at most half of the kernel size, but got padding={padding} and kernel_size={kernel}.");
        int planes = 1;
        for (int d = 0; d < input.Rank - 2; d++) planes *= input.ShapeArray[d];
        int h = input.ShapeArray[^2], w = input.ShapeArray[^1];
        var g = Pool2dGeometry.Create(planes, h, w, kernel.Height, kernel.Width, s.Height, s.Width, padding.Height, padding.Width,
            dilation.Height, dilation.Width, ceilMode);
        if (g.OutHeight < 1 || g.OutWidth < 1)
            throw new ArgumentException(
                $"{op}: given input of shape {input.Shape}, kernel_size={kernel}, stride={s}, padding={padding}, dilation={dilation}, the calculated output size is ({g.OutHeight} x {g.OutWidth}). Output size is too small (the window is larger than the padded input).",
                nameof(input));
        return g;
    }

    private static int[] PooledShape(Tensor input, int outHeight, int outWidth)
    {
        var shape = (int[])input.ShapeArray.Clone();
        shape[^2] = outHeight;
        shape[^1] = outWidth;
        return shape;
    }

    private static Tensor MaxPool<T>(Tensor input, Pool2dGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = new T[g.OutputLength];
        var indices = new int[g.OutputLength];
        Pooling.MaxPool2dForward(LayerOperands.Data<T>(input), g, y, indices);
        return Autograd.Record("MaxPool2DWithIndicesBackward0", LayerOperands.Wrap(y, PooledShape(input, g.OutHeight, g.OutWidth)), grad =>
        {
            var dx = new T[g.InputLength];
            Pooling.MaxPool2dBackward(LayerOperands.Data<T>(grad), indices, g, dx);
            return [LayerOperands.Wrap(dx, input.ShapeArray)];
        }, input);
    }

    private static Tensor AvgPool<T>(Tensor input, Pool2dGeometry g, bool countIncludePad) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = new T[g.OutputLength];
        Pooling.AvgPool2dForward(LayerOperands.Data<T>(input), g, countIncludePad, y);
        return Autograd.Record("AvgPool2DBackward0", LayerOperands.Wrap(y, PooledShape(input, g.OutHeight, g.OutWidth)), grad =>
        {
            var dx = new T[g.InputLength];
            Pooling.AvgPool2dBackward(LayerOperands.Data<T>(grad), g, countIncludePad, dx);
            return [LayerOperands.Wrap(dx, input.ShapeArray)];
        }, input);
    }

    private static Tensor AdaptiveAvgPool<T>(Tensor input, int h, int w, int outHeight, int outWidth) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int planes = input.NumEl / Math.Max(1, h * w);
        var y = new T[planes * outHeight * outWidth];
        Pooling.AdaptiveAvgPool2dForward(LayerOperands.Data<T>(input), planes, h, w, outHeight, outWidth, y);
        return Autograd.Record(AdaptiveAvgPoolNodeName(outHeight, outWidth), LayerOperands.Wrap(y, PooledShape(input, outHeight, outWidth)), grad =>
        {
            var dx = new T[input.NumEl];
            Pooling.AdaptiveAvgPool2dBackward(LayerOperands.Data<T>(grad), planes, h, w, outHeight, outWidth, dx);
            return [LayerOperands.Wrap(dx, input.ShapeArray)];
        }, input);
    }

    /// <summary>PyTorch computes a 1x1 output as a mean over H and W, so that is the node it records.</summary>
    private static string AdaptiveAvgPoolNodeName(int outHeight, int outWidth)
        => outHeight == 1 && outWidth == 1 ? "MeanBackward1" : "AdaptiveAvgPool2DBackward0";
}
