namespace GraphGen.Gpu.Tests;

/// <summary>Float32 comparisons: |a − e| ≤ atol + rtol·|e|, NaN matches NaN, infinities must be equal.</summary>
internal static class Close
{
    public static void Assert(Tensor expected, Tensor actual, double atol = 1e-5, double rtol = 1e-4, string what = "")
    {
        Xunit.Assert.Equal(expected.Shape, actual.Shape);
        Assert(expected.ToArray<double>(), actual.ToArray<double>(), atol, rtol, what);
    }

    public static void Assert(double[] expected, double[] actual, double atol = 1e-5, double rtol = 1e-4, string what = "")
    {
        Xunit.Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) && double.IsNaN(a)) continue;
            if (double.IsInfinity(e) || double.IsInfinity(a))
            {
                Xunit.Assert.True(e == a, $"{what}[{i}]: expected {e}, got {a}");
                continue;
            }
            Xunit.Assert.True(Math.Abs(a - e) <= atol + rtol * Math.Abs(e), $"{what}[{i}]: expected {e:R}, got {a:R} (diff {Math.Abs(a - e):G3})");
        }
    }
}
