using System.ComponentModel;
using System.Numerics.Tensors;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Cat's kernels as compiled code calls them (the Cat family): the output is [outer, total] blocks around the joined
/// dim, and each input [outer, width] fills the columns [offset, offset + width) of every block — one call per input.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CatKernels
{
    /// <summary>Copies x[outer, width] into y[outer, total] at column <paramref name="offset"/>.</summary>
    public static void CopyInto(ReadOnlySpan<float> x, Span<float> y, int outer, int width, int offset, int total)
    {
        Check(x.Length, y.Length, outer, width, offset, total);
        for (int o = 0; o < outer; o++) x.Slice(o * width, width).CopyTo(y.Slice(o * total + offset, width));
    }

    /// <summary>dx[outer, width] (+)= the columns [offset, offset + width) of dy[outer, total]; nothing when dx is empty.</summary>
    public static void SliceGradient(ReadOnlySpan<float> dy, Span<float> dx, int outer, int width, int offset, int total, bool accumulate)
    {
        if (dx.IsEmpty) return;
        Check(dx.Length, dy.Length, outer, width, offset, total);
        for (int o = 0; o < outer; o++)
        {
            var source = dy.Slice(o * total + offset, width);
            var target = dx.Slice(o * width, width);
            if (accumulate) TensorPrimitives.Add(target, source, target);
            else source.CopyTo(target);
        }
    }

    private static void Check(int partLength, int wholeLength, int outer, int width, int offset, int total)
    {
        if (partLength != outer * width || wholeLength != outer * total || offset < 0 || offset + width > total)
            throw new ArgumentException($"Cat: a part of {partLength} elements as [{outer}, {width}] at column {offset} does not fit a whole of {wholeLength} elements as [{outer}, {total}].");
    }
}
