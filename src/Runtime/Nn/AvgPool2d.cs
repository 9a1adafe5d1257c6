namespace GraphGen.Nn;

/// <summary>2-D average pooling (PyTorch's <c>nn.AvgPool2d</c>).</summary>
/// <remarks>
/// Shape: input [N, C, H, W] or [C, H, W]; output [N, C, H', W'] with H' = ⌊(H + 2·padding − kernel_size)/stride⌋ + 1
/// (⌈…⌉ with ceilMode). The stride defaults to the kernel size. With countIncludePad (the default) padded zeros count
/// in each window's divisor. Runs <see cref="F.AvgPool2d"/>.
/// </remarks>
public sealed class AvgPool2d : Module
{
    public AvgPool2d(Size2D kernelSize, Size2D? stride = null, Size2D? padding = null, bool ceilMode = false, bool countIncludePad = true)
    {
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding ?? 0;
        CeilMode = ceilMode;
        CountIncludePad = countIncludePad;
        if (KernelSize.AnyBelowOne || Stride.AnyBelowOne)
            throw new ArgumentOutOfRangeException(nameof(kernelSize), $"AvgPool2d: kernel_size and stride must be 1 or more but got kernel_size={KernelSize}, stride={Stride}.");
        if (Padding.AnyNegative || Padding.Height > KernelSize.Height / 2 || Padding.Width > KernelSize.Width / 2)
            throw new ArgumentOutOfRangeException(nameof(padding), Padding, $"AvgPool2d: pad should be at least 0 and at most half of the kernel size, but got padding={Padding} and kernel_size={KernelSize}.");
    }

    public Size2D KernelSize { get; }

    public Size2D Stride { get; }

    public Size2D Padding { get; }

    public bool CeilMode { get; }

    public bool CountIncludePad { get; }

    public Tensor Forward(Tensor input) => F.AvgPool2d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr() => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}";
}
