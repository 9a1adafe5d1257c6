namespace GraphGen.Nn;

/// <summary>2-D adaptive average pooling to a fixed output grid (PyTorch's <c>nn.AdaptiveAvgPool2d</c>); 1 is global average pooling.</summary>
/// <remarks>Shape: input [N, C, H, W] or [C, H, W]; output [N, C, output_size]. Runs <see cref="F.AdaptiveAvgPool2d"/>.</remarks>
public sealed class AdaptiveAvgPool2d : Module
{
    public AdaptiveAvgPool2d(Size2D outputSize)
    {
        if (outputSize.AnyNegative)
            throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, $"AdaptiveAvgPool2d: output_size must be 0 or more but got {outputSize}.");
        OutputSize = outputSize;
    }

    public Size2D OutputSize { get; }

    public Tensor Forward(Tensor input) => F.AdaptiveAvgPool2d(input, OutputSize);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr() => $"output_size={OutputSize}";
}
