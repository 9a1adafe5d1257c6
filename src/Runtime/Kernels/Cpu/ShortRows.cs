using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Copy and add of the short row pieces im2col and col2im move (one output row under one kernel tap: 10 floats in
/// LeNet's second convolution), hundreds of thousands per call: for float, a few inline 256-bit loads and stores where
/// a call to memmove or <see cref="TensorPrimitives"/> per piece costs more than the data. Measured with bench/StepProfile
/// --cnn (CPU time, loaded machine): with <see cref="SampleChunks"/>, LeNet's 6→16 5x5 weight gradient 1.44 → 1.20-1.28 ms
/// and input gradient 1.40 → 1.07-1.18 ms, where the chunks alone changed nothing measurable; no measurable change on
/// 28-wide rows (32→64 3x3), so pieces longer than <see cref="MaxInlineLength"/>, like those shorter than a vector and
/// other element types, take the library calls.
/// </summary>
internal static unsafe class ShortRows
{
    /// <summary>Longest piece moved inline: where it helped (10 floats) and below where it did not (28).</summary>
    private const int MaxInlineLength = 16;

    /// <summary>dst[..src.Length] = src; the last vector overlaps the one before it instead of a scalar tail.</summary>
    public static void Copy<T>(ReadOnlySpan<T> src, Span<T> dst)
        where T : unmanaged
    {
        int n = src.Length, lanes = Vector256<float>.Count;
        if (typeof(T) != typeof(float) || n < lanes || n > MaxInlineLength || !Vector256.IsHardwareAccelerated)
        {
            src.CopyTo(dst);
            return;
        }
        if (dst.Length < n)
            throw new ArgumentException($"dst has {dst.Length} elements but the row piece has {n}.", nameof(dst));
        fixed (T* ps = src, pd = dst)
        {
            float* s = (float*)ps, d = (float*)pd;
            for (int i = 0; i < n - lanes; i += lanes) Vector256.Store(Vector256.Load(s + i), d + i);
            Vector256.Store(Vector256.Load(s + n - lanes), d + n - lanes);
        }
    }

    /// <summary>sum[i] += src[i] for i &lt; src.Length (a scalar tail: an overlapping vector would add some twice).</summary>
    public static void Add<T>(ReadOnlySpan<T> src, Span<T> sum)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int n = src.Length, lanes = Vector256<float>.Count;
        if (typeof(T) != typeof(float) || n < lanes || n > MaxInlineLength || !Vector256.IsHardwareAccelerated)
        {
            TensorPrimitives.Add(sum[..n], src, sum);
            return;
        }
        if (sum.Length < n)
            throw new ArgumentException($"sum has {sum.Length} elements but the row piece has {n}.", nameof(sum));
        fixed (T* ps = src, pd = sum)
        {
            float* s = (float*)ps, d = (float*)pd;
            int i = 0;
            for (; i <= n - lanes; i += lanes) Vector256.Store(Vector256.Load(d + i) + Vector256.Load(s + i), d + i);
            for (; i < n; i++) d[i] += s[i];
        }
    }
}
