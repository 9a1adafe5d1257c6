using GraphGen.Kernels.Cpu;
using GraphGen.Kernels.Cpu.Simd;
using Xunit;

namespace GraphGen.Tests.Kernels.Cpu;

/// <summary>
/// Every kernel that splits work across cores gives the one-thread result on 2 threads and on more threads than this
/// machine has cores: bit for bit where each output is computed by one worker in the same order (GEMM slices,
/// per-sample convolutions, pooling planes, batch-norm channels), within rounding where partial sums are added
/// (the convolution weight gradient). Sizes are odd and large enough to pass the work thresholds.
/// </summary>
[Collection(CpuThreadsCollection.Name)]
public class ThreadedKernelTests
{
    private static readonly int[] ThreadCounts = [2, 5];

    public static TheoryData<int, int, int> GemmSizes() => new()
    {
        { 257, 129, 65 }, { 33, 257, 257 }, { 7, 1025, 300 }, { 1, 2049, 1025 }, { 2049, 1, 1025 }, { 257, 257, 257 },
        // Large enough for the shared packed operand: all of B (split m) and all of A (split n).
        { 513, 300, 520 }, { 300, 513, 520 },
    };

    [Theory]
    [MemberData(nameof(GemmSizes))]
    public void Gemm_ThreadedEqualsSingleThreaded(int m, int n, int k)
    {
        var random = new Random(m * 31 + n);
        var a = Random(random, m * k);
        var b = Random(random, k * n);
        var bias = Random(random, n);
        var start = Random(random, m * n);
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
            {
                float[] Run() => Multiply(ta, tb, m, n, k, a, b, bias, start);
                var single = WithThreads(1, Run);
                foreach (int threads in ThreadCounts)
                    Assert.Equal(single, WithThreads(threads, Run));
            }
    }

    [Theory]
    [InlineData(SimdWidth.V512)] // the AVX-512 path, emulated where the CPU lacks it
    [InlineData(SimdWidth.V128)]
    public void Gemm_ThreadedEqualsSingleThreaded_OtherWidths(SimdWidth width)
    {
        // Split n with a shared packed A of 304 x 440 floats (above the sharing threshold) for 8-row panels.
        const int m = 300, n = 301, k = 440;
        var random = new Random(11);
        var a = Random(random, m * k);
        var b = Random(random, k * n);
        var bias = Random(random, n);
        var start = Random(random, m * n);
        SimdDispatch.Override = width;
        try
        {
            float[] Run() => Multiply(false, false, m, n, k, a, b, bias, start);
            Assert.Equal(WithThreads(1, Run), WithThreads(2, Run));
        }
        finally
        {
            SimdDispatch.Override = null;
        }
    }

    private static float[] Multiply(bool ta, bool tb, int m, int n, int k, float[] a, float[] b, float[] bias, float[] start)
    {
        var c = (float[])start.Clone();
        Gemm.Sgemm(ta, tb, m, n, k, a, ta ? m : k, b, tb ? k : n, c, n, 1f, bias, Activation.Relu);
        return c;
    }

    public static TheoryData<Conv2dGeometry> ConvGeometries() => new()
    {
        // 7 samples of 3.2M multiply-adds in all: 2 workers on 2 threads, 3 on 5.
        Conv2dGeometry.Create(7, 8, 20, 20, 16, 3, 3, padHeight: 1, padWidth: 1),
        Conv2dGeometry.Create(9, 6, 33, 31, 24, 5, 3, strideHeight: 2, strideWidth: 1, padHeight: 2, padWidth: 0, dilationHeight: 1, dilationWidth: 2, groups: 3),
        Conv2dGeometry.Create(5, 32, 17, 17, 48, 1, 1), // pointwise: the input is the GEMM operand, no columns
        Conv2dGeometry.Create(1, 16, 64, 64, 32, 3, 3, padHeight: 1, padWidth: 1), // one sample: its GEMMs split instead
    };

    [Theory]
    [MemberData(nameof(ConvGeometries))]
    public void Conv2d_ThreadedEqualsSingleThreaded(Conv2dGeometry g)
    {
        var random = new Random(g.Batch);
        var x = Random(random, g.InputLength);
        var w = Random(random, g.WeightLength);
        var bias = Random(random, g.OutChannels);
        var dy = Random(random, g.OutputLength);
        (float[] Y, float[] Dx, float[] Dw) Run()
        {
            var columns = new float[g.ColumnsLength];
            var y = new float[g.OutputLength];
            var dx = new float[g.InputLength];
            var dw = new float[g.WeightLength];
            Convolution.Conv2dForward<float>(x, w, bias, g, y, columns);
            Convolution.Conv2dBackwardInput<float>(dy, w, g, dx, columns);
            Convolution.Conv2dBackwardWeight<float>(x, dy, g, dw, columns);
            return (y, dx, dw);
        }

        var single = WithThreads(1, Run);
        foreach (int threads in ThreadCounts)
        {
            var threaded = WithThreads(threads, Run);
            Assert.Equal(single.Y, threaded.Y);
            Assert.Equal(single.Dx, threaded.Dx);
            AssertClose(single.Dw, threaded.Dw, 1e-5f);
        }
    }

    [Fact]
    public void Conv2dBackwardWeight_ThreadedMatchesDoublePrecision()
    {
        var g = Conv2dGeometry.Create(7, 8, 20, 20, 16, 3, 3, padHeight: 1, padWidth: 1);
        var random = new Random(3);
        var x = Random(random, g.InputLength);
        var dy = Random(random, g.OutputLength);
        var dw = new float[g.WeightLength];
        WithThreads(2, () => { Convolution.Conv2dBackwardWeight<float>(x, dy, g, dw, new float[g.ColumnsLength]); return 0; });
        var reference = new double[g.WeightLength];
        double[] xd = x.Select(v => (double)v).ToArray(), dyd = dy.Select(v => (double)v).ToArray();
        WithThreads(1, () => { Convolution.Conv2dBackwardWeight<double>(xd, dyd, g, reference, new double[g.ColumnsLength]); return 0; });
        AssertClose(reference.Select(v => (float)v).ToArray(), dw, 1e-4f);
    }

    [Fact]
    public void Pooling_ThreadedEqualsSingleThreaded()
    {
        var g = Pool2dGeometry.Create(7 * 37, 23, 23, 3, 3, 2, 2, 1, 1, 1, 1, ceilMode: true);
        var random = new Random(5);
        var x = Random(random, g.InputLength);
        var dy = Random(random, g.OutputLength);
        (float[][] Values, int[] Indices) Run()
        {
            var y = new float[g.OutputLength];
            var indices = new int[g.OutputLength];
            var dx = new float[g.InputLength];
            var avg = new float[g.OutputLength];
            var avgDx = new float[g.InputLength];
            Pooling.MaxPool2dForward<float>(x, g, y, indices);
            Pooling.MaxPool2dBackward<float>(dy, indices, g, dx);
            Pooling.AvgPool2dForward<float>(x, g, countIncludePad: false, avg);
            Pooling.AvgPool2dBackward<float>(dy, g, countIncludePad: false, avgDx);
            return ([y, dx, avg, avgDx], indices);
        }

        var single = WithThreads(1, Run);
        foreach (int threads in ThreadCounts)
        {
            var threaded = WithThreads(threads, Run);
            Assert.Equal(single.Indices, threaded.Indices);
            for (int i = 0; i < single.Values.Length; i++) Assert.Equal(single.Values[i], threaded.Values[i]);
        }
    }

    [Fact]
    public void BatchNorm_ThreadedEqualsSingleThreaded()
    {
        const int batch = 7, channels = 37, spatial = 23 * 23;
        var random = new Random(6);
        var x = Random(random, batch * channels * spatial);
        var dy = Random(random, x.Length);
        var weight = Random(random, channels);
        var bias = Random(random, channels);
        float[][] Run()
        {
            float[] y = new float[x.Length], mean = new float[channels], variance = new float[channels], invStd = new float[channels];
            float[] eval = new float[x.Length], dx = new float[x.Length], dw = new float[channels], db = new float[channels];
            Normalization.BatchNormTrainForward<float>(x, weight, bias, batch, channels, spatial, 1e-5f, y, mean, variance, invStd);
            Normalization.BatchNormEvalForward<float>(x, weight, bias, mean, variance, batch, channels, spatial, 1e-5f, eval);
            Normalization.BatchNormBackward<float>(dy, x, weight, mean, invStd, batch, channels, spatial, training: true, dx, dw, db);
            return [y, mean, variance, invStd, eval, dx, dw, db];
        }

        var single = WithThreads(1, Run);
        foreach (int threads in ThreadCounts)
        {
            var threaded = WithThreads(threads, Run);
            for (int i = 0; i < single.Length; i++) Assert.Equal(single[i], threaded[i]);
        }
    }

    private static TResult WithThreads<TResult>(int threads, Func<TResult> run)
    {
        int saved = CpuThreads.Count;
        CpuThreads.Count = threads;
        try
        {
            return run();
        }
        finally
        {
            CpuThreads.Count = saved;
        }
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]} but got {actual[i]}");
    }

    private static float[] Random(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = random.NextSingle() * 2 - 1;
        return values;
    }
}
