using System.ComponentModel;
using System.Runtime.InteropServices;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Pooling's kernels as compiled code calls them (the Pool family of the generator's kernel calls): each builds the
/// <see cref="Pool2dGeometry"/> from the sizes the generator computed and runs <see cref="Pooling"/>'s functions.
/// </summary>
/// <remarks>
/// The sizes come in <see cref="Pool2dGeometry"/>'s order (planes = N·C). Max pooling's argmax indices live in a saved
/// float buffer the size of the output (the generator plans saved buffers as floats), read as ints.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PoolKernels
{
    /// <summary>y = the maximum of each window; <paramref name="indices"/> records where it was (for the backward).</summary>
    public static void MaxForward(ReadOnlySpan<float> x, Span<float> y, Span<float> indices,
        int planes, int inHeight, int inWidth, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
        int padTop, int padLeft, int dilationHeight, int dilationWidth, int outHeight, int outWidth)
    {
        var g = new Pool2dGeometry(planes, inHeight, inWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft,
            dilationHeight, dilationWidth, outHeight, outWidth);
        Pooling.MaxPool2dForward(x, g, y, MemoryMarshal.Cast<float, int>(indices));
    }

    /// <summary>dx (+)= dy scattered to each window's maximum.</summary>
    public static void MaxBackward(ReadOnlySpan<float> dy, ReadOnlySpan<float> indices, Span<float> dx,
        int planes, int inHeight, int inWidth, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
        int padTop, int padLeft, int dilationHeight, int dilationWidth, int outHeight, int outWidth, bool accumulate)
    {
        if (dx.IsEmpty) return;
        var g = new Pool2dGeometry(planes, inHeight, inWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft,
            dilationHeight, dilationWidth, outHeight, outWidth);
        var d = AccumulatingOutput.Begin(dx, accumulate, out var scratch);
        Pooling.MaxPool2dBackward(dy, MemoryMarshal.Cast<float, int>(indices), g, d);
        AccumulatingOutput.End(dx, scratch);
    }

    /// <summary>y = the mean of each window (padded zeros counted in the divisor when <paramref name="countIncludePad"/>).</summary>
    public static void AvgForward(ReadOnlySpan<float> x, Span<float> y,
        int planes, int inHeight, int inWidth, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
        int padTop, int padLeft, int outHeight, int outWidth, bool countIncludePad)
    {
        var g = new Pool2dGeometry(planes, inHeight, inWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, 1, 1, outHeight, outWidth);
        Pooling.AvgPool2dForward(x, g, countIncludePad, y);
    }

    /// <summary>dx (+)= each window's dy spread evenly over it.</summary>
    public static void AvgBackward(ReadOnlySpan<float> dy, Span<float> dx,
        int planes, int inHeight, int inWidth, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
        int padTop, int padLeft, int outHeight, int outWidth, bool countIncludePad, bool accumulate)
    {
        if (dx.IsEmpty) return;
        var g = new Pool2dGeometry(planes, inHeight, inWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, 1, 1, outHeight, outWidth);
        var d = AccumulatingOutput.Begin(dx, accumulate, out var scratch);
        Pooling.AvgPool2dBackward(dy, g, countIncludePad, d);
        AccumulatingOutput.End(dx, scratch);
    }
}
