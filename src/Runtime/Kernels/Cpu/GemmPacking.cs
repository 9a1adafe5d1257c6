using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Packs blocks of op(A) / op(B) into the panel layout the micro-kernel streams: panels of <c>width</c>
/// rows (A) or columns (B), each stored [p][width] so every k step reads one contiguous line.
/// Packing absorbs transposes and leading dimensions, and zero-pads ragged panels.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs element (o, p) for o in [0, count), p in [0, kc) of a logical matrix X[outer, k] into
    /// ceil(count / width) panels of width*kc floats. <paramref name="outerContiguous"/> says how X is stored:
    /// true: X(o, p) = src[p * ld + o] (A transposed, B not); false: X(o, p) = src[o * ld + p].
    /// <paramref name="src"/> already points at X(0, 0) of the block. <paramref name="fastTranspose"/> enables
    /// the AVX 8x8 transpose for the strided case.
    /// </summary>
    // AggressiveOptimization on the packing loops: skip slow tier-0 code on the first calls of a training run.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(float* src, nint ld, bool outerContiguous, int count, int kc, int width, float* dst, bool fastTranspose)
    {
        for (int o0 = 0; o0 < count; o0 += width, dst += (nint)width * kc)
        {
            int valid = Math.Min(width, count - o0);
            if (outerContiguous)
            {
                PackContiguous(src + o0, ld, valid, kc, width, dst);
            }
            else
            {
                PackStrided(src + o0 * ld, ld, valid, kc, width, dst, fastTranspose);
            }
        }
    }

    /// <summary>Each k step copies one contiguous run of <paramref name="valid"/> floats (a row of the source).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackContiguous(float* src, nint ld, int valid, int kc, int width, float* dst)
    {
        if (valid == width)
        {
            for (int p = 0; p < kc; p++, src += ld, dst += width)
            {
                // Chunked copy (8 / 4 / 2 floats): never reads past the row, so the source span's end is safe.
                int q = 0;
                for (; q + 8 <= width; q += 8)
                    Vector256.Store(Vector256.Load(src + q), dst + q);
                if (q + 4 <= width)
                {
                    Vector128.Store(Vector128.Load(src + q), dst + q);
                    q += 4;
                }

                if (q + 2 <= width)
                {
                    *(long*)(dst + q) = *(long*)(src + q);
                    q += 2;
                }

                if (q < width)
                    dst[q] = src[q];
            }

            return;
        }

        for (int p = 0; p < kc; p++, src += ld, dst += width)
        {
            int q = 0;
            for (; q < valid; q++)
            {
                dst[q] = src[q];
            }

            for (; q < width; q++)
            {
                dst[q] = 0f;
            }
        }
    }

    /// <summary>
    /// Transposing gather: source rows are the panel's lanes. With AVX, 8 lanes x 8 k-steps at a time go through an
    /// 8x8 register transpose; a 6-lane panel (the AVX2 A panel) stores 8 floats per k step in increasing order, so
    /// the 2 extra floats are overwritten by the next step (the last step is gathered, so nothing is written past the panel).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackStrided(float* src, nint ld, int valid, int kc, int width, float* dst, bool fastTranspose)
    {
        if (Avx.IsSupported && fastTranspose && (width == 6 || (width & 7) == 0))
        {
            // A 6-lane panel's 8-float stores spill 2 floats into the next k step, rewritten by that step; the last k
            // step is left to the gather so that nothing spills past the panel (workers pack adjacent panels concurrently).
            int kc8 = width == 6 ? (kc - 1) & ~7 : kc & ~7;
            for (int r = 0; r < width; r += 8)
            {
                int rows = Math.Clamp(valid - r, 0, 8);
                for (int p = 0; p < kc8; p += 8)
                {
                    Transpose8x8(src + r * ld + p, ld, rows, dst + (nint)p * width + r, width);
                }
            }

            GatherScalar(src, ld, valid, kc8, kc, width, dst);
            return;
        }

        GatherScalar(src, ld, valid, 0, kc, width, dst);
    }

    /// <summary>Scalar gather of k steps [p0, kc); lanes at or past <paramref name="valid"/> are zero.</summary>
    private static void GatherScalar(float* src, nint ld, int valid, int p0, int kc, int width, float* dst)
    {
        for (int r = 0; r < width; r++)
        {
            float* s = src + r * ld;
            float* d = dst + r;
            for (int p = p0; p < kc; p++)
            {
                d[(nint)p * width] = r < valid ? s[p] : 0f;
            }
        }
    }

    /// <summary>
    /// dst[j * ldd + i] = src[i * lds + j] for an 8x8 block (standard AVX unpack/shuffle/permute network);
    /// source rows at or past <paramref name="rows"/> read as zero (ragged panels).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint lds, int rows, float* dst, nint ldd)
    {
        Vector256<float> r0 = Row(src, lds, 0, rows), r1 = Row(src, lds, 1, rows), r2 = Row(src, lds, 2, rows), r3 = Row(src, lds, 3, rows);
        Vector256<float> r4 = Row(src, lds, 4, rows), r5 = Row(src, lds, 5, rows), r6 = Row(src, lds, 6, rows), r7 = Row(src, lds, 7, rows);

        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);

        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Row(float* src, nint lds, int i, int rows)
        => i < rows ? Avx.LoadVector256(src + i * lds) : Vector256<float>.Zero;
}
