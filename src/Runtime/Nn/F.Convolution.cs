using System.Numerics;
using GraphGen.Kernels.Cpu;

namespace GraphGen.Nn;

public static partial class F
{
    /// <summary>
    /// 2-D convolution (PyTorch's <c>F.conv2d</c>): input [N, C, H, W] (or unbatched [C, H, W]), weight
    /// [out_channels, C/groups, kH, kW], bias [out_channels]; output [N, out_channels, H', W'] with
    /// H' = ⌊(H + 2·padding − dilation·(kH − 1) − 1)/stride⌋ + 1. Padding is an int, a (h, w) tuple, "valid" or "same".
    /// Recorded as <c>ConvolutionBackward0</c>; the work is im2col + GEMM in <see cref="Convolution"/>.
    /// </summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, Size2D? stride = null,
        ConvPadding? padding = null, Size2D? dilation = null, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        const string op = "Conv2d";
        if (input.Rank is not (3 or 4))
            throw new ArgumentException($"{op}: expected a 3-D (unbatched [C, H, W]) or 4-D (batched [N, C, H, W]) input but got input of shape {input.Shape}.", nameof(input));
        if (weight.Rank != 4)
            throw new ArgumentException($"{op}: expected a 4-D weight [out_channels, in_channels/groups, kH, kW] but got weight of shape {weight.Shape}.", nameof(weight));
        bool batched = input.Rank == 4;
        int n = batched ? input.ShapeArray[0] : 1, c = input.ShapeArray[^3], h = input.ShapeArray[^2], w = input.ShapeArray[^1];
        var geometry = ConvGeometry(op, input, weight, bias, n, c, h, w, weight.ShapeArray[2], weight.ShapeArray[3],
            stride ?? 1, padding ?? 0, dilation ?? 1, groups);
        int[] outShape = batched
            ? [n, geometry.OutChannels, geometry.OutHeight, geometry.OutWidth]
            : [geometry.OutChannels, geometry.OutHeight, geometry.OutWidth];
        return Convolve(input, weight, bias, geometry, outShape);
    }

    /// <summary>
    /// 1-D convolution (PyTorch's <c>F.conv1d</c>): input [N, C, L] (or unbatched [C, L]), weight
    /// [out_channels, C/groups, k], bias [out_channels]; output [N, out_channels, L']. Padding is an int, "valid" or "same".
    /// Recorded as <c>ConvolutionBackward0</c>; computed as a 2-D convolution of height 1.
    /// </summary>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1,
        ConvPadding? padding = null, int dilation = 1, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        const string op = "Conv1d";
        if (input.Rank is not (2 or 3))
            throw new ArgumentException($"{op}: expected a 2-D (unbatched [C, L]) or 3-D (batched [N, C, L]) input but got input of shape {input.Shape}.", nameof(input));
        if (weight.Rank != 3)
            throw new ArgumentException($"{op}: expected a 3-D weight [out_channels, in_channels/groups, k] but got weight of shape {weight.Shape}.", nameof(weight));
        var pad = padding ?? 0;
        if (pad.Mode is null && pad.Size.Height != pad.Size.Width)
            throw new ArgumentException($"{op}: padding must be one int (or \"same\"/\"valid\") but got {pad}.", nameof(padding));
        bool batched = input.Rank == 3;
        int n = batched ? input.ShapeArray[0] : 1, c = input.ShapeArray[^2], l = input.ShapeArray[^1];
        ConvPadding pad1d = pad.Mode ?? (ConvPadding)(0, pad.Size.Width);
        var geometry = ConvGeometry(op, input, weight, bias, n, c, 1, l, 1, weight.ShapeArray[2],
            (1, stride), pad1d, (1, dilation), groups);
        int[] outShape = batched ? [n, geometry.OutChannels, geometry.OutWidth] : [geometry.OutChannels, geometry.OutWidth];
        return Convolve(input, weight, bias, geometry, outShape);
    }

    /// <summary>Validates a convolution's arguments with PyTorch's wording (and the numbers) and builds its geometry.</summary>
    private static Conv2dGeometry ConvGeometry(string op, Tensor input, Tensor weight, Tensor? bias, int n, int c, int h, int w,
        int kh, int kw, Size2D stride, ConvPadding padding, Size2D dilation, int groups)
    {
        LayerOperands.Check(op, ("input", input), ("weight", weight), ("bias", bias));
        int outChannels = weight.ShapeArray[0];
        if (groups < 1)
            throw new ArgumentOutOfRangeException(nameof(groups), groups, $"{op}: non-positive groups is not supported (got groups={groups}; expected 1 or more).");
        if (stride.AnyBelowOne)
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"{op}: non-positive stride is not supported (got stride={stride}; expected 1 or more).");
        if (dilation.AnyBelowOne)
            throw new ArgumentOutOfRangeException(nameof(dilation), dilation, $"{op}: dilation should be greater than zero (got dilation={dilation}).");
        if (padding.Size.AnyNegative)
            throw new ArgumentOutOfRangeException(nameof(padding), padding, $"{op}: negative padding is not supported (got padding={padding}).");
        if (padding.IsSame && (stride.Height != 1 || stride.Width != 1))
            throw new ArgumentException($"{op}: padding='same' is not supported for strided convolutions (got stride={stride}).", nameof(padding));
        if (outChannels % groups != 0)
            throw new ArgumentException($"{op}: given groups={groups}, expected weight to be divisible by {groups} at dimension 0 (out_channels), but got weight of shape {weight.Shape}.", nameof(groups));
        if (weight.ShapeArray[1] * groups != c)
            throw new ArgumentException($"{op}: given groups={groups}, weight of shape {weight.Shape}, expected input of shape {input.Shape} to have {weight.ShapeArray[1] * groups} channels, but got {c} channels instead.", nameof(input));
        if (bias is not null && (bias.Rank != 1 || bias.ShapeArray[0] != outChannels))
            throw new ArgumentException($"{op}: expected bias of shape [{outChannels}] (one per output channel) but got shape {bias.Shape}.", nameof(bias));
        if (kh < 1 || kw < 1)
            throw new ArgumentException($"{op}: the kernel size must be at least 1 but the weight has shape {weight.Shape}.", nameof(weight));

        int dkh = dilation.Height * (kh - 1) + 1, dkw = dilation.Width * (kw - 1) + 1;
        int padH = padding.IsSame ? dilation.Height * (kh - 1) / 2 : padding.Size.Height;
        int padW = padding.IsSame ? dilation.Width * (kw - 1) / 2 : padding.Size.Width;
        if (!padding.IsSame && (h + 2 * padH < dkh || w + 2 * padW < dkw))
            throw new ArgumentException(
                $"{op}: calculated padded input size per channel: ({h + 2 * padH} x {w + 2 * padW}). Kernel size: ({dkh} x {dkw}) (dilated). Kernel size can't be greater than actual input size (input {input.Shape}, padding {padding}).",
                nameof(input));
        var g = Conv2dGeometry.Create(n, c, h, w, outChannels, kh, kw, stride.Height, stride.Width, padH, padW,
            dilation.Height, dilation.Width, groups);
        return padding.IsSame ? g with { OutHeight = h, OutWidth = w } : g;
    }

    private static Tensor Convolve(Tensor input, Tensor weight, Tensor? bias, in Conv2dGeometry geometry, int[] outShape)
        => input.Storage is GpuStorage ? Kernels.Gpu.GpuTensorOps.Convolution(input, weight, bias, geometry, outShape)
        : input.DType == DType.Float64
            ? Convolve<double>(input, weight, bias, geometry, outShape)
            : Convolve<float>(input, weight, bias, geometry, outShape);

    private static Tensor Convolve<T>(Tensor input, Tensor weight, Tensor? bias, Conv2dGeometry g, int[] outShape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = new T[g.OutputLength];
        var columns = new T[g.ColumnsLength];
        Convolution.Conv2dForward(LayerOperands.Data<T>(input), LayerOperands.Data<T>(weight), LayerOperands.DataOrEmpty<T>(bias), g, y, columns);
        var output = LayerOperands.Wrap(y, outShape);
        return Autograd.Record("ConvolutionBackward0", output, (grad, needs) =>
        {
            var dy = LayerOperands.Data<T>(grad);
            var work = new T[g.ColumnsLength];
            Tensor? dx = null, dw = null, db = null;
            if (needs[0])
            {
                var d = new T[g.InputLength];
                Convolution.Conv2dBackwardInput(dy, LayerOperands.Data<T>(weight), g, d, work);
                dx = LayerOperands.Wrap(d, input.ShapeArray);
            }
            if (needs[1])
            {
                var d = new T[g.WeightLength];
                Convolution.Conv2dBackwardWeight(LayerOperands.Data<T>(input), dy, g, d, work);
                dw = LayerOperands.Wrap(d, weight.ShapeArray);
            }
            if (needs[2])
            {
                var d = new T[g.OutChannels];
                Convolution.Conv2dBackwardBias(dy, g, d);
                db = LayerOperands.Wrap(d, bias!.ShapeArray);
            }
            return [dx, dw, db];
        }, input, weight, bias).Saving(input, weight);
    }
}
