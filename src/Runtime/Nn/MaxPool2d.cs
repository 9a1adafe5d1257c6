namespace GraphGen.Nn;

/// <summary>2-D max pooling (PyTorch's <c>nn.MaxPool2d</c>).</summary>
/// <remarks>
/// Shape: input [N, C, H, W] or [C, H, W]; output [N, C, H', W'] with
/// H' = ⌊(H + 2·padding − dilation·(kernel_size − 1) − 1)/stride⌋ + 1 (⌈…⌉ with ceilMode). The stride defaults to the
/// kernel size; padding (at most half the kernel) is −∞. Runs <see cref="F.MaxPool2d"/>.
/// </remarks>
public sealed class MaxPool2d : Module
{
    public MaxPool2d(Size2D kernelSize, Size2D? stride = null, Size2D? padding = null, Size2D? dilation = null, bool ceilMode = false)
    {
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding ?? 0;
        Dilation = dilation ?? 1;
        CeilMode = ceilMode;
        if (KernelSize.AnyBelowOne || Stride.AnyBelowOne || Dilation.AnyBelowOne)
            throw new ArgumentOutOfRangeException(nameof(kernelSize), $"MaxPool2d: kernel_size, stride and dilation must be 1 or more but got kernel_size={KernelSize}, stride={Stride}, dilation={Dilation}.");
        if (Padding.AnyNegative || Padding.Height > KernelSize.Height / 2 || Padding.Width > KernelSize.Width / 2)
            throw new ArgumentOutOfRangeException(nameof(padding), Padding, $"MaxPool2d: pad should be at least 0 and at most half of the kernel size, but got padding={Padding} and kernel_size={KernelSize}.");
    }

    public Size2D KernelSize { get; }

    public Size2D Stride { get; }

    public Size2D Padding { get; }

    public Size2D Dilation { get; }

    public bool CeilMode { get; }

    public Tensor Forward(Tensor input) => F.MaxPool2d(input, KernelSize, Stride, Padding, Dilation, CeilMode);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr() =>
        $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation={Dilation}, ceil_mode={PythonRepr.Bool(CeilMode)}";
}
