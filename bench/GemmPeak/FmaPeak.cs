using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GraphGen.Bench.GemmPeak;

/// <summary>
/// One core's peak float32 FMA throughput: a loop of independent fused multiply-adds with no memory traffic, the
/// ceiling any GEMM on that core can reach. The independent accumulator chains (16 for Vector512, 12 for Vector256)
/// cover the FMA latency × the FMA ports of current x86 cores (4-5 cycles × 2 ports).
/// </summary>
public static class FmaPeak
{
    /// <summary>~1-2 ms per run: short runs, many of them, so that on a shared machine some run is undisturbed.</summary>
    private const int Iterations = 1 << 20;

    /// <summary>Runs the loop for at least this long in total.</summary>
    private const double MinSeconds = 0.5;

    /// <summary>GFLOP/s of Vector512 FMAs (2 flops per lane), the best of at least <paramref name="repeats"/> runs.</summary>
    public static double Vector512Rate(int repeats) => Best(repeats, () => Loop512(Iterations), Iterations * 16L * 2 * Vector512<float>.Count);

    /// <summary>GFLOP/s of Vector256 FMAs (the AVX2 path), the best of at least <paramref name="repeats"/> runs.</summary>
    public static double Vector256Rate(int repeats) => Best(repeats, () => Loop256(Iterations), Iterations * 12L * 2 * Vector256<float>.Count);

    private static double Best(int repeats, Func<float> loop, long flops)
    {
        double best = 0, total = 0;
        float sink = loop(); // warm-up: clock ramp
        for (int r = 0; r < repeats || total < MinSeconds; r++)
        {
            long start = Stopwatch.GetTimestamp();
            sink += loop();
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            best = Math.Max(best, flops / seconds / 1e9);
            total += seconds;
        }
        GC.KeepAlive(sink);
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop512(int iterations)
    {
        Vector512<float> m = Vector512.Create(0.999999f), x = Vector512.Create(1e-7f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        Vector512<float> a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, x); a1 = Vector512.FusedMultiplyAdd(a1, m, x);
            a2 = Vector512.FusedMultiplyAdd(a2, m, x); a3 = Vector512.FusedMultiplyAdd(a3, m, x);
            a4 = Vector512.FusedMultiplyAdd(a4, m, x); a5 = Vector512.FusedMultiplyAdd(a5, m, x);
            a6 = Vector512.FusedMultiplyAdd(a6, m, x); a7 = Vector512.FusedMultiplyAdd(a7, m, x);
            a8 = Vector512.FusedMultiplyAdd(a8, m, x); a9 = Vector512.FusedMultiplyAdd(a9, m, x);
            a10 = Vector512.FusedMultiplyAdd(a10, m, x); a11 = Vector512.FusedMultiplyAdd(a11, m, x);
            a12 = Vector512.FusedMultiplyAdd(a12, m, x); a13 = Vector512.FusedMultiplyAdd(a13, m, x);
            a14 = Vector512.FusedMultiplyAdd(a14, m, x); a15 = Vector512.FusedMultiplyAdd(a15, m, x);
        }
        var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
        return Vector512.Sum(sum);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop256(int iterations)
    {
        Vector256<float> m = Vector256.Create(0.999999f), x = Vector256.Create(1e-7f);
        Vector256<float> a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        Vector256<float> a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        // 12 chains (with m and x, 14 of AVX2's 16 ymm registers, so nothing spills) still cover 2 ports × 4-5 cycles.
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, x); a1 = Vector256.FusedMultiplyAdd(a1, m, x);
            a2 = Vector256.FusedMultiplyAdd(a2, m, x); a3 = Vector256.FusedMultiplyAdd(a3, m, x);
            a4 = Vector256.FusedMultiplyAdd(a4, m, x); a5 = Vector256.FusedMultiplyAdd(a5, m, x);
            a6 = Vector256.FusedMultiplyAdd(a6, m, x); a7 = Vector256.FusedMultiplyAdd(a7, m, x);
            a8 = Vector256.FusedMultiplyAdd(a8, m, x); a9 = Vector256.FusedMultiplyAdd(a9, m, x);
            a10 = Vector256.FusedMultiplyAdd(a10, m, x); a11 = Vector256.FusedMultiplyAdd(a11, m, x);
        }
        var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
        return Vector256.Sum(sum);
    }
}
