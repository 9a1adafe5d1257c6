using System.ComponentModel;
namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Sizes of a 2-D pooling over NCHW data: each of <see cref="Planes"/> (= N·C) input planes [InHeight, InWidth]
/// becomes an output plane [OutHeight, OutWidth]; windows of KernelHeight x KernelWidth taps, Dilation apart, start at
/// o·Stride − Pad.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct Pool2dGeometry(
    int Planes, int InHeight, int InWidth, int KernelHeight, int KernelWidth,
    int StrideHeight, int StrideWidth, int PadTop, int PadLeft, int DilationHeight, int DilationWidth,
    int OutHeight, int OutWidth)
{
    /// <summary>The geometry with PyTorch's output sizes (<see cref="OutputSize"/>).</summary>
    public static Pool2dGeometry Create(int planes, int inHeight, int inWidth, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int padHeight, int padWidth, int dilationHeight, int dilationWidth, bool ceilMode)
        => new(planes, inHeight, inWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padHeight, padWidth,
            dilationHeight, dilationWidth,
            OutputSize(inHeight, kernelHeight, strideHeight, padHeight, dilationHeight, ceilMode),
            OutputSize(inWidth, kernelWidth, strideWidth, padWidth, dilationWidth, ceilMode));

    /// <summary>
    /// PyTorch's <c>pooling_output_shape</c>: floor (or ceil) of (in + 2·pad − dilation·(kernel−1) − 1) / stride, plus 1;
    /// in ceil mode the last window must start inside the input or the left padding.
    /// </summary>
    public static int OutputSize(int input, int kernel, int stride, int pad, int dilation, bool ceilMode)
    {
        long span = (long)input + 2L * pad - (long)dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
        int size = (int)Math.Floor(span / (double)stride) + 1;
        if (ceilMode && (long)(size - 1) * stride >= (long)input + pad) size--;
        return size;
    }

    public int InPlane => InHeight * InWidth;

    public int OutPlane => OutHeight * OutWidth;

    public int InputLength => Planes * InPlane;

    public int OutputLength => Planes * OutPlane;
}
