using System.Diagnostics;

namespace GraphGen.Bench.StepProfile;

/// <summary>The profile's timing loop and its random operands, shared by the step profile and the GEMM shape table.</summary>
internal static class Stopwatches
{
    /// <summary>µs per call: 50 warm-up calls, then the median of 15 batches of ~20 ms.</summary>
    public static double MedianMicroseconds(Action call)
    {
        for (int i = 0; i < 50; i++) call();
        var runs = new List<double>();
        for (int r = 0; r < 15; r++)
        {
            var sw = Stopwatch.StartNew();
            int n = 0;
            while (sw.Elapsed.TotalMilliseconds < 20) { call(); n++; }
            runs.Add(sw.Elapsed.TotalMicroseconds / n);
        }

        runs.Sort();
        return runs.Count % 2 == 1 ? runs[runs.Count / 2] : (runs[runs.Count / 2 - 1] + runs[runs.Count / 2]) / 2;
    }

    /// <summary>n floats ~ U(-0.5, 0.5), seeded by n.</summary>
    public static float[] RandomFloats(int n)
    {
        var r = new Random(n);
        var v = new float[n];
        for (int i = 0; i < v.Length; i++) v[i] = r.NextSingle() - 0.5f;
        return v;
    }
}
