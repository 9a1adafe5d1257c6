using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Max pooling's common case, a 2×2 window with stride 2 and no padding or dilation, on float32: eight outputs at a
/// time with AVX2 (each row's 16 inputs split into even and odd columns, the four taps compared branch-free), the rest
/// one output at a time without the general path's loops. Same result and indices as <see cref="Pooling"/>'s general
/// path: the first maximum in window order wins ties, and the first NaN wins outright.
/// </summary>
internal static class MaxPool2x2
{
    public static bool Applies(in Pool2dGeometry g) =>
        g is { KernelHeight: 2, KernelWidth: 2, StrideHeight: 2, StrideWidth: 2, PadTop: 0, PadLeft: 0, DilationHeight: 1, DilationWidth: 1 }
        && 2 * g.OutHeight <= g.InHeight && 2 * g.OutWidth <= g.InWidth;

    /// <summary>Planes [first, end) of <paramref name="x"/> pooled into <paramref name="y"/> and <paramref name="indices"/>.</summary>
    public static void Planes(ReadOnlySpan<float> x, in Pool2dGeometry g, Span<float> y, Span<int> indices, int first, int end)
    {
        int inWidth = g.InWidth, outWidth = g.OutWidth;
        bool vectors = Avx2.IsSupported && outWidth >= 8;
        for (int p = first; p < end; p++)
        {
            var xp = x.Slice(p * g.InPlane, g.InPlane);
            var yp = y.Slice(p * g.OutPlane, g.OutPlane);
            var ip = indices.Slice(p * g.OutPlane, g.OutPlane);
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                int row = 2 * oh * inWidth, outRow = oh * outWidth;
                if (vectors)
                {
                    // The last block steps back to end at the row's end; it recomputes a few outputs, identically.
                    for (int ow = 0; ow < outWidth; ow += 8)
                        EightOutputs(xp, inWidth, row, Math.Min(ow, outWidth - 8), yp, ip, outRow);
                    continue;
                }

                for (int ow = 0; ow < outWidth; ow++)
                {
                    int i = row + 2 * ow;
                    float best = xp[i];
                    int at = i;
                    Take(ref best, ref at, xp[i + 1], i + 1);
                    Take(ref best, ref at, xp[i + inWidth], i + inWidth);
                    Take(ref best, ref at, xp[i + inWidth + 1], i + inWidth + 1);
                    yp[outRow + ow] = best;
                    ip[outRow + ow] = at;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(ref float best, ref int at, float v, int i)
    {
        if (v > best || (float.IsNaN(v) && !float.IsNaN(best)))
        {
            best = v;
            at = i;
        }
    }

    private static void EightOutputs(ReadOnlySpan<float> xp, int inWidth, int row, int ow, Span<float> yp, Span<int> ip, int outRow)
    {
        ref float input = ref MemoryMarshal.GetReference(xp);
        int c = row + 2 * ow;
        var top0 = Vector256.LoadUnsafe(ref input, (nuint)c);
        var top1 = Vector256.LoadUnsafe(ref input, (nuint)(c + 8));
        var bottom0 = Vector256.LoadUnsafe(ref input, (nuint)(c + inWidth));
        var bottom1 = Vector256.LoadUnsafe(ref input, (nuint)(c + inWidth + 8));
        var start = Vector256.Create(c) + Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14); // each window's first tap
        var at = start;
        var best = Even(top0, top1);
        Take(ref best, ref at, Odd(top0, top1), start + Vector256.Create(1));
        Take(ref best, ref at, Even(bottom0, bottom1), start + Vector256.Create(inWidth));
        Take(ref best, ref at, Odd(bottom0, bottom1), start + Vector256.Create(inWidth + 1));
        best.StoreUnsafe(ref MemoryMarshal.GetReference(yp), (nuint)(outRow + ow));
        at.StoreUnsafe(ref MemoryMarshal.GetReference(ip), (nuint)(outRow + ow));
    }

    /// <summary>best/at take v/index in the lanes where v is greater, or NaN while best is not.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(ref Vector256<float> best, ref Vector256<int> at, Vector256<float> v, Vector256<int> index)
    {
        var greater = Avx.CompareGreaterThan(v, best);
        var firstNaN = Avx.AndNot(Avx.CompareUnordered(best, best), Avx.CompareUnordered(v, v));
        var take = Avx.Or(greater, firstNaN);
        best = Avx.BlendVariable(best, v, take);
        at = Avx.BlendVariable(at.AsSingle(), index.AsSingle(), take).AsInt32();
    }

    /// <summary>Columns 0, 2, …, 14 of the 16 values in (lo, hi).</summary>
    private static Vector256<float> Even(Vector256<float> lo, Vector256<float> hi) =>
        Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle();

    /// <summary>Columns 1, 3, …, 15 of the 16 values in (lo, hi).</summary>
    private static Vector256<float> Odd(Vector256<float> lo, Vector256<float> hi) =>
        Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle();
}
