using GraphGen.Kernels.Cpu;
using Xunit;

namespace GraphGen.Tests.Kernels.Cpu;

/// <summary>
/// The fast paths of pooling and batch norm give what the plain definitions give: max pooling 2×2/2 (vectorised) the
/// same maxima and indices as a window scan that takes the first maximum and the first NaN, on data full of ties, NaNs
/// and infinities; global average pooling the plane means; batch-norm statistics that stay exact when the mean is large
/// against the spread.
/// </summary>
public class PoolingFastPathTests
{
    [Theory]
    [InlineData(3, 28, 28)] // vector blocks, the last one stepping back
    [InlineData(2, 7, 29)]  // odd width: the last column is never read
    [InlineData(4, 4, 16)]  // exactly one vector block per row
    [InlineData(5, 10, 10)] // narrower than a vector: scalar
    public void MaxPool2x2_EqualsTheWindowScan(int planes, int height, int width)
    {
        var random = new Random(planes * 100 + width);
        var x = new float[planes * height * width];
        for (int i = 0; i < x.Length; i++)
        {
            int r = random.Next(20);
            x[i] = r == 0 ? float.NaN : r == 1 ? float.NegativeInfinity : r == 2 ? float.PositiveInfinity : random.Next(4); // ties are common
        }
        var g = Pool2dGeometry.Create(planes, height, width, 2, 2, 2, 2, 0, 0, 1, 1, ceilMode: false);
        var y = new float[g.OutputLength];
        var indices = new int[g.OutputLength];
        Pooling.MaxPool2dForward<float>(x, g, y, indices);

        for (int p = 0; p < planes; p++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    var (best, at) = Scan(x.AsSpan(p * height * width, height * width), width, 2 * oh, 2 * ow);
                    int o = (p * g.OutHeight + oh) * g.OutWidth + ow;
                    Assert.True(at == indices[o], $"plane {p}, output ({oh}, {ow}): index {indices[o]}, the scan's {at}");
                    Assert.Equal(best, y[o]);
                }
    }

    /// <summary>PyTorch's rule: taps in row-major order, a strictly greater value or the first NaN takes the window.</summary>
    private static (float Best, int At) Scan(ReadOnlySpan<float> plane, int width, int h, int w)
    {
        float best = float.NegativeInfinity;
        int at = h * width + w;
        foreach (int i in new[] { h * width + w, h * width + w + 1, (h + 1) * width + w, (h + 1) * width + w + 1 })
        {
            if (float.IsNaN(plane[i])) return (plane[i], i);
            if (plane[i] > best)
            {
                best = plane[i];
                at = i;
            }
        }
        return (best, at);
    }

    [Fact]
    public void GlobalAveragePool_IsThePlaneMeanAndSpreadsItsGradient()
    {
        var random = new Random(7);
        var x = new float[6 * 13 * 11];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextSingle() - 0.5f;
        var y = new float[6];
        Pooling.AdaptiveAvgPool2dForward<float>(x, 6, 13, 11, 1, 1, y);
        for (int p = 0; p < 6; p++)
            Assert.Equal(x.AsSpan(p * 143, 143).ToArray().Select(v => (double)v).Average(), y[p], 6);

        var dx = new float[x.Length];
        Pooling.AdaptiveAvgPool2dBackward<float>(new float[] { 1, 2, 3, 4, 5, 6 }, 6, 13, 11, 1, 1, dx);
        Assert.All(Enumerable.Range(0, x.Length), i => Assert.Equal((i / 143 + 1) / 143f, dx[i]));
    }

    [Fact]
    public void BatchNormStatistics_StayExactWithALargeMean()
    {
        // Mean 1000, spread 1: E[x²] − E[x]² in float would lose every digit of the variance.
        const int batch = 4, channels = 3, spatial = 50;
        var random = new Random(3);
        var x = new float[batch * channels * spatial];
        for (int i = 0; i < x.Length; i++) x[i] = 1000f + (random.NextSingle() - 0.5f) * 2f;
        var y = new float[x.Length];
        var mean = new float[channels];
        var variance = new float[channels];
        var invStd = new float[channels];
        Normalization.BatchNormTrainForward<float>(x, [], [], batch, channels, spatial, 1e-5f, y, mean, variance, invStd);

        for (int c = 0; c < channels; c++)
        {
            var values = Enumerable.Range(0, batch).SelectMany(n => x.AsSpan((n * channels + c) * spatial, spatial).ToArray()).Select(v => (double)v).ToArray();
            double m = values.Average(), v = values.Select(d => (d - m) * (d - m)).Average();
            Assert.Equal(m, mean[c], 3);
            Assert.True(Math.Abs(variance[c] - v) <= 1e-5 * v, $"channel {c}: variance {variance[c]}, exact {v}");
        }
    }
}
