using System.Numerics.Tensors;

namespace GraphGen.Kernels.Cpu;

/// <summary>Element type conversion between contiguous buffers (C# casts: truncation toward zero for integers).</summary>
internal static class Convert
{
    public static void Run(Array src, int srcOffset, Array dst, int n)
    {
        switch (src, dst)
        {
            case (float[] s, double[] d): TensorPrimitives.ConvertChecked<float, double>(s.AsSpan(srcOffset, n), d); break;
            case (double[] s, float[] d): TensorPrimitives.ConvertTruncating<double, float>(s.AsSpan(srcOffset, n), d); break;
            // Integer to floating (the common mask/index conversions) is exact or rounds to nearest: vectorised.
            case (long[] s, float[] d): TensorPrimitives.ConvertTruncating<long, float>(s.AsSpan(srcOffset, n), d); break;
            case (long[] s, double[] d): TensorPrimitives.ConvertTruncating<long, double>(s.AsSpan(srcOffset, n), d); break;
            case (int[] s, float[] d): TensorPrimitives.ConvertTruncating<int, float>(s.AsSpan(srcOffset, n), d); break;
            case (int[] s, double[] d): TensorPrimitives.ConvertChecked<int, double>(s.AsSpan(srcOffset, n), d); break;
            case (int[] s, long[] d): TensorPrimitives.ConvertChecked<int, long>(s.AsSpan(srcOffset, n), d); break;
            case (long[] s, int[] d): TensorPrimitives.ConvertTruncating<long, int>(s.AsSpan(srcOffset, n), d); break;
            case (bool[] s, float[] d): BoolTo(s.AsSpan(srcOffset, n), d, 1f); break;
            case (bool[] s, double[] d): BoolTo(s.AsSpan(srcOffset, n), d, 1.0); break;
            default: Scalar(src, srcOffset, dst, n); break;
        }
    }

    /// <summary>bool → 0/1 without a per-element type switch (masks are converted on every relu backward).</summary>
    private static void BoolTo<T>(ReadOnlySpan<bool> src, Span<T> dst, T one) where T : struct
    {
        for (int i = 0; i < src.Length; i++) dst[i] = src[i] ? one : default;
    }

    private static void Scalar(Array src, int srcOffset, Array dst, int n)
    {
        for (int i = 0; i < n; i++)
        {
            switch (src)
            {
                case bool[] b: Write(dst, i, b[srcOffset + i] ? 1.0 : 0.0, b[srcOffset + i] ? 1 : 0); break;
                case long[] l: Write(dst, i, l[srcOffset + i], l[srcOffset + i]); break;
                case int[] iv: Write(dst, i, iv[srcOffset + i], iv[srcOffset + i]); break;
                case float[] f: Write(dst, i, f[srcOffset + i], (long)f[srcOffset + i]); break;
                case double[] d: Write(dst, i, d[srcOffset + i], (long)d[srcOffset + i]); break;
            }
        }
    }

    private static void Write(Array dst, int i, double value, long integral)
    {
        switch (dst)
        {
            case float[] f: f[i] = (float)value; break;
            case double[] d: d[i] = value; break;
            case long[] l: l[i] = integral; break;
            case int[] iv: iv[i] = (int)integral; break;
            case bool[] b: b[i] = value != 0; break;
        }
    }
}
