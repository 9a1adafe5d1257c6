using GraphGen.Monitoring;

namespace GraphGen.Tests.Monitoring;

public class TensorFlowHistogramTests
{
    private static readonly double[] Edges = TensorFlowHistogram.DefaultEdges;

    [Fact]
    public void DefaultEdgesAreTensorFlowsExponentialBucketsAroundZero()
    {
        int n = (Edges.Length - 1) / 2;
        Assert.Equal(0.0, Edges[n]);
        Assert.Equal(1e-12, Edges[n + 1]);
        Assert.Equal(-1e-12, Edges[n - 1]);
        Assert.Equal(1e-12 * 1.1, Edges[n + 2]);
        Assert.True(Edges[^1] < 1e20 && Edges[^1] * 1.1 >= 1e20);
        for (int i = 0; i < Edges.Length; i++) Assert.Equal(-Edges[i], Edges[^(i + 1)]);
        for (int i = 1; i < Edges.Length; i++) Assert.True(Edges[i] > Edges[i - 1]);
        // 1e-12 * 1.1^k < 1e20 for k = 0..773 (log(1e32)/log(1.1) = 773.2)
        Assert.Equal(774, n);
    }

    [Fact]
    public void BinsFollowNumpyLeftClosedRuleWithTheLastBinClosed()
    {
        int n = (Edges.Length - 1) / 2;
        Assert.Equal(n, TensorFlowHistogram.BinOf(Edges, 0.0));          // [0, 1e-12)
        Assert.Equal(n, TensorFlowHistogram.BinOf(Edges, -0.0));
        Assert.Equal(n + 1, TensorFlowHistogram.BinOf(Edges, 1e-12));    // an edge starts its bin
        Assert.Equal(n - 1, TensorFlowHistogram.BinOf(Edges, -1e-13));
        Assert.Equal(Edges.Length - 2, TensorFlowHistogram.BinOf(Edges, Edges[^1])); // closed last bin
        Assert.Equal(0, TensorFlowHistogram.BinOf(Edges, Edges[0]));
        Assert.Equal(-1, TensorFlowHistogram.BinOf(Edges, 1e21));
        Assert.Equal(-1, TensorFlowHistogram.BinOf(Edges, double.NaN));
    }

    [Fact]
    public void EveryEdgeAndItsNeighboursLandInTheBinALinearScanFinds()
    {
        foreach (double edge in Edges)
            foreach (double v in new[] { edge, Math.BitDecrement(edge), Math.BitIncrement(edge), edge * 1.05 })
                Assert.True(LinearBin(v) == TensorFlowHistogram.BinOf(Edges, v), $"value {v:R}");
    }

    [Fact]
    public void FloatAndDoubleInputsGiveTheSameHistogram()
    {
        var random = new Random(5);
        var floats = Enumerable.Range(0, 999).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var fromFloats = TensorFlowHistogram.Build(floats, "f");
        var fromDoubles = TensorFlowHistogram.Build(floats.Select(f => (double)f).ToArray(), "d");
        Assert.Equal(fromDoubles.BucketLimits, fromFloats.BucketLimits);
        Assert.Equal(fromDoubles.BucketCounts, fromFloats.BucketCounts);
        Assert.Equal((fromDoubles.Min, fromDoubles.Max, fromDoubles.Sum, fromDoubles.SumSquares), (fromFloats.Min, fromFloats.Max, fromFloats.Sum, fromFloats.SumSquares));
    }

    [Fact]
    public void OneValueGivesAnEmptyLeftBucketAndItsOwnBucket()
    {
        var h = TensorFlowHistogram.Build([1.0], "one");
        int k = LinearBin(1.0);
        Assert.Equal([Edges[k], Edges[k + 1]], h.BucketLimits);
        Assert.Equal([0d, 1d], h.BucketCounts);
        Assert.Equal((1d, 1d, 1d, 1d, 1d), (h.Min, h.Max, h.Num, h.Sum, h.SumSquares));
    }

    [Fact]
    public void AValueInTheFirstBinGetsAZeroBucketPrepended()
    {
        var h = TensorFlowHistogram.Build([Edges[0], 1.0], "wide");
        Assert.Equal(0d, h.BucketCounts[0]);
        Assert.Equal(Edges[0], h.BucketLimits[0]);
        Assert.Equal(Edges[1], h.BucketLimits[1]);
        Assert.Equal(1d, h.BucketCounts[1]);
        Assert.Equal(2d, h.BucketCounts.Sum());
    }

    [Fact]
    public void MatchesABruteForceNumpyStyleHistogramOnRandomData()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 5000).Select(_ => (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-6, 4))).ToArray();
        var h = TensorFlowHistogram.Build(values, "random");

        var counts = new long[Edges.Length - 1];
        foreach (double v in values) counts[LinearBin(v)]++;
        int first = Array.FindIndex(counts, c => c > 0), last = Array.FindLastIndex(counts, c => c > 0);
        // bucket i has right edge Edges[first + i] and the count of bin first - 1 + i
        Assert.Equal(last - first + 2, h.BucketLimits.Count);
        Assert.Equal(h.BucketLimits.Count, h.BucketCounts.Count);
        for (int i = 0; i < h.BucketLimits.Count; i++)
        {
            Assert.Equal(Edges[first + i], h.BucketLimits[i]);
            Assert.Equal(i == 0 ? 0 : counts[first - 1 + i], (long)h.BucketCounts[i]);
        }
        Assert.Equal(values.Length, h.BucketCounts.Sum());
        Assert.Equal(values.Length, h.Num);
        Assert.Equal(values.Min(), h.Min);
        Assert.Equal(values.Max(), h.Max);
        Assert.Equal(values.Sum(), h.Sum, 1e-9 * values.Sum(Math.Abs));
        Assert.Equal(values.Sum(v => v * v), h.SumSquares, 1e-9 * values.Sum(v => v * v));
        Assert.True(h.BucketLimits[^1] >= h.Max);
    }

    [Fact]
    public void EmptyInputIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorFlowHistogram.Build(ReadOnlySpan<double>.Empty, "nothing"));
        Assert.Contains("'nothing'", e.Message);
    }

    private static int LinearBin(double v)
    {
        for (int k = 0; k < Edges.Length - 1; k++)
            if (v >= Edges[k] && v < Edges[k + 1]) return k;
        return v == Edges[^1] ? Edges.Length - 2 : -1;
    }
}
