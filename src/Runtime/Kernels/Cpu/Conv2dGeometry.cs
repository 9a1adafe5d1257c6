using System.ComponentModel;
namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Every size a 2-D convolution kernel needs, in PyTorch's NCHW layout: input [Batch, InChannels, InHeight, InWidth],
/// weight [OutChannels, InChannels/Groups, KernelHeight, KernelWidth], output [Batch, OutChannels, OutHeight, OutWidth].
/// A 1-D convolution is the case InHeight = KernelHeight = OutHeight = 1.
/// </summary>
/// <remarks>
/// <see cref="PadTop"/>/<see cref="PadLeft"/> are the zeros before the input; the output size is given rather than
/// derived, so asymmetric padding (PyTorch's "same" with an even kernel) needs no extra field: reads past the
/// bottom/right edge are zeros. Built by the eager ops (which validate) or by generated code (checked at build time).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct Conv2dGeometry(
    int Batch, int InChannels, int InHeight, int InWidth,
    int OutChannels, int KernelHeight, int KernelWidth,
    int StrideHeight, int StrideWidth, int PadTop, int PadLeft, int DilationHeight, int DilationWidth,
    int Groups, int OutHeight, int OutWidth)
{
    /// <summary>
    /// The geometry for explicit symmetric padding: output size floor((in + 2·pad − dilation·(kernel−1) − 1) / stride) + 1,
    /// PyTorch's formula (it may be ≤ 0 for a kernel larger than the padded input: callers check).
    /// </summary>
    public static Conv2dGeometry Create(int batch, int inChannels, int inHeight, int inWidth, int outChannels,
        int kernelHeight, int kernelWidth, int strideHeight = 1, int strideWidth = 1, int padHeight = 0, int padWidth = 0,
        int dilationHeight = 1, int dilationWidth = 1, int groups = 1)
        => new(batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth, strideHeight, strideWidth,
            padHeight, padWidth, dilationHeight, dilationWidth, groups,
            OutputSize(inHeight, kernelHeight, strideHeight, padHeight, dilationHeight),
            OutputSize(inWidth, kernelWidth, strideWidth, padWidth, dilationWidth));

    /// <summary>floor((in + 2·pad − dilation·(kernel−1) − 1) / stride) + 1, floored toward −∞ so a too-large kernel gives ≤ 0.</summary>
    public static int OutputSize(int input, int kernel, int stride, int pad, int dilation)
        => (int)Math.Floor((input + 2.0 * pad - dilation * (kernel - 1.0) - 1) / stride) + 1;

    public int InChannelsPerGroup => InChannels / Groups;

    public int OutChannelsPerGroup => OutChannels / Groups;

    /// <summary>Rows of a group's im2col matrix: InChannels/Groups · KernelHeight · KernelWidth (the GEMM's k).</summary>
    public int PatchLength => InChannelsPerGroup * KernelHeight * KernelWidth;

    /// <summary>OutHeight · OutWidth (the GEMM's n per sample).</summary>
    public int OutPlane => OutHeight * OutWidth;

    public int InPlane => InHeight * InWidth;

    public int InputLength => Batch * InChannels * InPlane;

    public int OutputLength => Batch * OutChannels * OutPlane;

    public int WeightLength => OutChannels * PatchLength;

    /// <summary>
    /// A 1x1 kernel with stride 1 and no padding: the input plane already is the im2col matrix, so no workspace is used.
    /// </summary>
    public bool IsPointwise => KernelHeight == 1 && KernelWidth == 1 && StrideHeight == 1 && StrideWidth == 1
        && PadTop == 0 && PadLeft == 0 && OutHeight == InHeight && OutWidth == InWidth;

    /// <summary>Elements of the im2col workspace the kernels need: one group of one sample (0 when pointwise).</summary>
    public int ColumnsLength => IsPointwise ? 0 : PatchLength * OutPlane;

    /// <summary>Multiply-adds of the forward pass (each backward GEMM costs the same): the basis of GFLOP/s figures.</summary>
    public long MultiplyAdds => (long)Batch * OutChannels * OutPlane * PatchLength;
}
