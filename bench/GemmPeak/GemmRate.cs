using System.Diagnostics;
using GraphGen.Kernels.Cpu;

namespace GraphGen.Bench.GemmPeak;

/// <summary>
/// GFLOP/s of <see cref="Gemm.Sgemm"/> on square float32 problems (C = A·B, 2·n³ flops), the best of several calls:
/// on a shared machine the best call is the one least disturbed by other work, as the peak loop's best run is.
/// Also per second of the process's CPU time (all threads), which other processes on a loaded machine do not inflate:
/// a worker that waits for the CPU costs wall time but no CPU time, while work a thread adds (duplicated packing,
/// spinning at the join) costs both.
/// </summary>
public sealed class GemmRate(int size)
{
    private readonly float[] _a = RandomFloats(size * size, seed: 1);
    private readonly float[] _b = RandomFloats(size * size, seed: 2);
    private readonly float[] _c = new float[size * size];

    public double Flops => 2.0 * size * size * size;

    /// <summary>Calls Sgemm once to warm up, then at least <paramref name="repeats"/> times and for at least
    /// <paramref name="minSeconds"/>; returns the best call's GFLOP/s by wall time and by process CPU time.</summary>
    public (double Wall, double Cpu) Measure(int repeats, double minSeconds)
    {
        Call();
        double bestWall = double.MaxValue, bestCpu = double.MaxValue, total = 0;
        for (int r = 0; r < repeats || total < minSeconds; r++)
        {
            TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
            long start = Stopwatch.GetTimestamp();
            Call();
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            double cpuSeconds = (Environment.CpuUsage.TotalTime - cpuStart).TotalSeconds;
            bestWall = Math.Min(bestWall, seconds);
            if (cpuSeconds > 0) bestCpu = Math.Min(bestCpu, cpuSeconds);
            total += seconds;
        }
        return (Flops / bestWall / 1e9, Flops / bestCpu / 1e9);
    }

    private void Call() => Gemm.Sgemm(false, false, size, size, size, _a, size, _b, size, _c, size);

    private static float[] RandomFloats(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextSingle() - 0.5f;
        return values;
    }
}
