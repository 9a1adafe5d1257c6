namespace GraphGen.Nn;

/// <summary>1-D convolution over [N, C, L] sequences (PyTorch's <c>nn.Conv1d</c>).</summary>
/// <remarks>
/// Shape: input [N, in_channels, L] or [in_channels, L]; output [N, out_channels, L'] with
/// L' = ⌊(L + 2·padding − dilation·(kernel_size − 1) − 1)/stride⌋ + 1, or L with padding "same". Padding is an int,
/// "valid" or "same". <see cref="ConvNd.Weight"/> is [out_channels, in_channels/groups, kernel_size]. Runs <see cref="F.Conv1d"/>.
/// </remarks>
public sealed class Conv1d : ConvNd
{
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, ConvPadding? padding = null,
        int dilation = 1, int groups = 1, bool bias = true, RandomGenerator? generator = null)
        : base("Conv1d", inChannels, outChannels, [kernelSize], [stride], CheckedPadding(padding ?? 0), [dilation], groups, bias, generator)
    {
    }

    private protected override IReadOnlyList<int> PaddingSizes => [Padding.Size.Width];

    public Tensor Forward(Tensor input) => F.Conv1d(input, Weight, Bias, Stride[0], Padding, Dilation[0], Groups);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    private static ConvPadding CheckedPadding(ConvPadding padding) =>
        padding.Mode is null && padding.Size.Height != padding.Size.Width
            ? throw new ArgumentException($"Conv1d: padding must be one int (or \"same\"/\"valid\") but got {padding}.", nameof(padding))
            : padding;
}
