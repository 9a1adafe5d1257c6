namespace GraphGen.Kernels.Gpu;

/// <summary>
/// How a kernel finds element <c>i</c> (row-major over a shape of up to <see cref="MaxRank"/> dims) in a
/// strided buffer: a kernel argument, so broadcasting (stride 0), transposes and narrows need no copy.
/// Dims are stored innermost first (Size0/Stride0 is the last dimension); unused dims have size 1.
/// </summary>
public struct StridedLayout
{
    public const int MaxRank = 6;

    public int Rank;
    public int Offset;
    public int Size0, Size1, Size2, Size3, Size4, Size5;
    public int Stride0, Stride1, Stride2, Stride3, Stride4, Stride5;

    /// <summary>The storage offset of the element with row-major index <paramref name="i"/>.</summary>
    public readonly int OffsetOf(int i)
    {
        int off = Offset;
        if (Rank > 0) { off += i % Size0 * Stride0; i /= Size0; }
        if (Rank > 1) { off += i % Size1 * Stride1; i /= Size1; }
        if (Rank > 2) { off += i % Size2 * Stride2; i /= Size2; }
        if (Rank > 3) { off += i % Size3 * Stride3; i /= Size3; }
        if (Rank > 4) { off += i % Size4 * Stride4; i /= Size4; }
        if (Rank > 5) { off += i % Size5 * Stride5; }
        return off;
    }

    /// <summary>The layout of a view with <paramref name="shape"/> and <paramref name="strides"/> starting at <paramref name="offset"/>.</summary>
    public static StridedLayout Create(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, int offset, string op)
    {
        if (shape.Length > MaxRank)
            throw new NotSupportedException($"{op}: GPU kernels handle tensors of up to {MaxRank} dimensions, but got shape {Shape.Format(shape)}.");
        Span<int> sizes = stackalloc int[MaxRank];
        Span<int> steps = stackalloc int[MaxRank];
        sizes.Fill(1);
        steps.Clear();
        for (int d = 0; d < shape.Length; d++)
        {
            sizes[d] = shape[shape.Length - 1 - d];
            steps[d] = strides[shape.Length - 1 - d];
        }
        return new StridedLayout
        {
            Rank = shape.Length,
            Offset = offset,
            Size0 = sizes[0], Size1 = sizes[1], Size2 = sizes[2], Size3 = sizes[3], Size4 = sizes[4], Size5 = sizes[5],
            Stride0 = steps[0], Stride1 = steps[1], Stride2 = steps[2], Stride3 = steps[3], Stride4 = steps[4], Stride5 = steps[5],
        };
    }

    /// <summary>A dense row-major layout of <paramref name="length"/> elements (rank 1).</summary>
    public static StridedLayout Dense(int length) => Create([length], [1], 0, "Dense");
}
