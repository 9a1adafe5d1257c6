using System.ComponentModel;

namespace GraphGen.Kernels.Cpu;

/// <summary>AdaptiveAvgPool2d's kernels as compiled code calls them (the AdaptivePool family), over <see cref="Pooling"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AdaptivePoolKernels
{
    /// <summary>y[planes, outHeight, outWidth] = the adaptive average of x[planes, inHeight, inWidth].</summary>
    public static void AvgForward(ReadOnlySpan<float> x, Span<float> y, int planes, int inHeight, int inWidth, int outHeight, int outWidth) =>
        Pooling.AdaptiveAvgPool2dForward(x, planes, inHeight, inWidth, outHeight, outWidth, y);

    /// <summary>dx (+)= each output's gradient spread evenly over its window.</summary>
    public static void AvgBackward(ReadOnlySpan<float> dy, Span<float> dx, int planes, int inHeight, int inWidth, int outHeight, int outWidth, bool accumulate)
    {
        if (dx.IsEmpty) return;
        using var target = new Overwrite(dx, accumulate);
        Pooling.AdaptiveAvgPool2dBackward<float>(dy, planes, inHeight, inWidth, outHeight, outWidth, target.Span);
    }
}
