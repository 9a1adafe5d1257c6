using System.Numerics;

namespace GraphGen.Monitoring;

/// <summary>
/// Histograms the way PyTorch's <c>add_histogram(bins="tensorflow")</c> makes them: TensorFlow's default
/// bucket edges (±1e-12·1.1^k up to 1e20, and 0), NumPy's bin rule (each bin [left, right), the last
/// one closed), then <c>make_histogram</c>'s trimming to the span of non-empty bins plus one empty
/// bin on the left, because TensorBoard only stores right edges.
/// </summary>
internal static class TensorFlowHistogram
{
    /// <summary>The edges, built with the same repeated multiplication as PyTorch so they are bit-identical.</summary>
    public static readonly double[] DefaultEdges = BuildDefaultEdges();

    public static HistogramValue Build(ReadOnlySpan<double> values, string tag) => Build<double>(values, tag);

    public static HistogramValue Build(ReadOnlySpan<float> values, string tag) => Build<float>(values, tag);

    /// <summary>Statistics in double precision, as PyTorch's <c>values.astype(float)</c> does.</summary>
    private static HistogramValue Build<T>(ReadOnlySpan<T> values, string tag) where T : unmanaged, INumberBase<T>
    {
        if (values.IsEmpty)
            throw new ArgumentException($"Histogram '{tag}': the input has no element.", nameof(values));
        var edges = DefaultEdges;
        var counts = new long[edges.Length - 1];
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, sumSquares = 0;
        foreach (T element in values)
        {
            double v = double.CreateTruncating(element);
            if (v < min) min = v;
            if (v > max) max = v;
            sum += v;
            sumSquares += v * v;
            int bin = BinOf(edges, v);
            if (bin >= 0) counts[bin]++;
        }

        int first = Array.FindIndex(counts, c => c > 0);
        if (first < 0)
            throw new ArgumentException(
                $"Histogram '{tag}': every value lies outside TensorFlow's default bucket range [{edges[0]:G3}, {edges[^1]:G3}] (min {min:G6}, max {max:G6}).",
                nameof(values));
        int last = Array.FindLastIndex(counts, c => c > 0);

        // bucket i is the bin whose right edge is limits[i]; the first is empty and only marks the left edge
        int start = first, end = last + 1;
        var limits = edges.AsSpan(start, end - start + 1).ToArray();
        var bucketCounts = new double[limits.Length];
        for (int i = 0; i < bucketCounts.Length; i++)
        {
            int bin = start - 1 + i;
            bucketCounts[i] = bin >= 0 ? counts[bin] : 0;
        }
        return new HistogramValue(min, max, values.Length, sum, sumSquares, limits, bucketCounts);
    }

    /// <summary>NumPy's histogram bin of <paramref name="v"/> (largest k with edges[k] &lt;= v), or -1 outside the edges.</summary>
    /// <remarks>
    /// A logarithm gives the bin to within one; comparisons with the actual edges settle it, so the
    /// result is exactly the binary search's at a fraction of its branch mispredictions.
    /// </remarks>
    internal static int BinOf(double[] edges, double v)
    {
        if (!(v >= edges[0] && v <= edges[^1])) return -1; // also NaN
        int lastBin = edges.Length - 2;
        if (v == edges[^1]) return lastBin;
        int zero = (edges.Length - 1) / 2; // edges[zero] == 0, edges[zero + 1 + k] == 1e-12 * 1.1^k
        double magnitude = Math.Abs(v);
        int guess;
        if (magnitude < SmallestEdge) guess = v >= 0 ? zero : zero - 1;
        else
        {
            int k = (int)(Math.Log(magnitude / SmallestEdge) / LogGrowth);
            guess = v > 0 ? zero + 1 + k : zero - 2 - k;
        }
        guess = Math.Clamp(guess, 0, lastBin);
        while (edges[guess] > v) guess--;
        while (edges[guess + 1] <= v) guess++;
        return guess;
    }

    private const double SmallestEdge = 1e-12;
    private static readonly double LogGrowth = Math.Log(1.1);

    private static double[] BuildDefaultEdges()
    {
        var positive = new List<double>();
        for (double v = SmallestEdge; v < 1e20; v *= 1.1) positive.Add(v);
        var edges = new double[positive.Count * 2 + 1];
        for (int i = 0; i < positive.Count; i++)
        {
            edges[positive.Count - 1 - i] = -positive[i];
            edges[positive.Count + 1 + i] = positive[i];
        }
        return edges;
    }
}
