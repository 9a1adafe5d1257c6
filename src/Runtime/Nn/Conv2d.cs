namespace GraphGen.Nn;

/// <summary>2-D convolution over [N, C, H, W] batches (PyTorch's <c>nn.Conv2d</c>).</summary>
/// <remarks>
/// Shape: input [N, in_channels, H, W] or [in_channels, H, W]; output [N, out_channels, H', W'] with
/// H' = ⌊(H + 2·padding − dilation·(kernel_size − 1) − 1)/stride⌋ + 1 (W' likewise), or H' = H with padding "same".
/// Sizes are an int or a (height, width) tuple; padding also "valid" or "same". <see cref="ConvNd.Weight"/> is
/// [out_channels, in_channels/groups, kH, kW]. Runs <see cref="F.Conv2d"/>.
/// </remarks>
public sealed class Conv2d : ConvNd
{
    private readonly Size2D _stride;
    private readonly Size2D _dilation;

    public Conv2d(int inChannels, int outChannels, Size2D kernelSize, Size2D? stride = null, ConvPadding? padding = null,
        Size2D? dilation = null, int groups = 1, bool bias = true, RandomGenerator? generator = null)
        : base("Conv2d", inChannels, outChannels, [kernelSize.Height, kernelSize.Width], Pair(stride ?? 1), padding ?? 0,
            Pair(dilation ?? 1), groups, bias, generator)
    {
        _stride = stride ?? 1;
        _dilation = dilation ?? 1;
    }

    private protected override IReadOnlyList<int> PaddingSizes => Pair(Padding.Size);

    public Tensor Forward(Tensor input) => F.Conv2d(input, Weight, Bias, _stride, Padding, _dilation, Groups);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    private static int[] Pair(Size2D size) => [size.Height, size.Width];
}
