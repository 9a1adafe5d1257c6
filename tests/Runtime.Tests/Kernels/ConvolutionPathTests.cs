using GraphGen.Kernels.Cpu;
using GraphGen.Kernels.Cpu.Simd;
using Xunit;

namespace GraphGen.Tests.Kernels.Cpu;

/// <summary>
/// Each path the float convolution kernels choose between — the direct forward and weight-gradient kernels
/// (<see cref="DirectConvolution"/>), the per-chunk GEMMs of several samples (<see cref="SampleChunks"/>), and
/// per-sample im2col + GEMM — against a plain double-precision loop, at odd sizes, on every SIMD width (forced on the
/// test thread) and on 1 and 2 threads. Each geometry asserts the path it is meant to take, so a test cannot quietly
/// stop covering the kernel it was written for.
/// </summary>
[Collection(CpuThreadsCollection.Name)]
public class ConvolutionPathTests
{
    /// <summary>Geometries with the paths they take: direct forward, direct weight gradient, gradients by chunks of samples.</summary>
    public static TheoryData<bool, bool, bool, Conv2dGeometry> Geometries() => new()
    {
        // 1→6 5x5 padded (LeNet's first layer at odd sizes): rows of 11 overlap their last tile; 143-wide planes, chunks of 3.
        { true, true, true, Conv2dGeometry.Create(3, 1, 13, 11, 6, 5, 5, padHeight: 2, padWidth: 2) },
        // 2→5 3x3 unpadded, one output channel past a block of 4; a single sample, so per-sample GEMMs.
        { true, true, false, Conv2dGeometry.Create(1, 2, 9, 21, 5, 3, 3) },
        // 3→7, 3x4 kernel, asymmetric padding: 36 taps (direct forward only); 162-wide planes go 4 to a chunk (5 = 4 + 1).
        { true, false, true, Conv2dGeometry.Create(5, 3, 9, 17, 7, 3, 4, padHeight: 1, padWidth: 2) },
        // Stride 2, dilation 2, two groups: im2col + GEMM per sample throughout.
        { false, false, false, Conv2dGeometry.Create(3, 4, 15, 13, 6, 3, 3, strideHeight: 2, strideWidth: 1, padHeight: 1, padWidth: 1, dilationHeight: 1, dilationWidth: 2, groups: 2) },
        // Output rows 3 wide, narrower than the direct kernel takes; 12-wide planes, all 4 samples in one chunk.
        { false, false, true, Conv2dGeometry.Create(4, 2, 6, 5, 3, 3, 3) },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void EveryWidthAndThreadCount_MatchesDoublePrecisionLoops(bool directForward, bool directWeightGradient, bool chunked, Conv2dGeometry g)
    {
        var random = new Random(g.InputLength);
        var x = Random(random, g.InputLength);
        var w = Random(random, g.WeightLength);
        var bias = Random(random, g.OutChannels);
        var dy = Random(random, g.OutputLength);
        var (yRef, dxRef, dwRef) = Reference(x, w, bias, dy, g);

        foreach (var width in new[] { SimdWidth.V512, SimdWidth.V256, SimdWidth.V128, SimdWidth.Scalar })
            foreach (int threads in new[] { 1, 2 })
            {
                var saved = (SimdDispatch.Override, CpuThreads.Count);
                SimdDispatch.Override = width;
                CpuThreads.Count = threads;
                try
                {
                    Assert.Equal(directForward, DirectConvolution.Applies(g));
                    Assert.Equal(directWeightGradient, DirectConvolution.AppliesToWeightGradient(g));
                    Assert.Equal(chunked, SampleChunks.Samples(g) > 1);
                    var y = new float[g.OutputLength];
                    var dx = new float[g.InputLength];
                    var dw = new float[g.WeightLength];
                    var columns = new float[g.ColumnsLength];
                    Convolution.Conv2dForward<float>(x, w, bias, g, y, columns);
                    Convolution.Conv2dBackwardInput<float>(dy, w, g, dx, columns);
                    Convolution.Conv2dBackwardWeight<float>(x, dy, g, dw, columns);
                    AssertClose(yRef, y, $"y at {width}, {threads} threads");
                    AssertClose(dxRef, dx, $"dx at {width}, {threads} threads");
                    AssertClose(dwRef, dw, $"dw at {width}, {threads} threads");
                }
                finally
                {
                    (SimdDispatch.Override, CpuThreads.Count) = saved;
                }
            }
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    public void CompiledForward_AppliesTheFusedActivation_OnTheDirectPath(Activation activation)
    {
        var g = Conv2dGeometry.Create(3, 1, 13, 11, 6, 5, 5, padHeight: 2, padWidth: 2);
        Assert.True(DirectConvolution.Applies(g));
        var random = new Random(7);
        var x = Random(random, g.InputLength);
        var w = Random(random, g.WeightLength);
        var bias = Random(random, g.OutChannels);
        var (yRef, _, _) = Reference(x, w, bias, new float[g.OutputLength], g);
        var y = new float[g.OutputLength];
        ConvKernels.Forward(x, y, g.Batch, g.InChannels, g.InHeight, g.InWidth, g.OutChannels, g.KernelHeight, g.KernelWidth,
            1, 1, g.PadTop, g.PadLeft, 1, 1, 1, g.OutHeight, g.OutWidth, Tensor.From(w), Tensor.From(bias), activation);
        Func<double, double> f = activation switch
        {
            Activation.Relu => v => Math.Max(v, 0),
            Activation.Sigmoid => v => 1 / (1 + Math.Exp(-v)),
            _ => Math.Tanh,
        };
        AssertClose(yRef.Select(f).ToArray(), y, $"{activation}(y)");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CompiledForward_OnTheIm2ColPath_AppliesTheFusedActivation_OnEveryWorkersSamples(int threads)
    {
        // 32 channels of 3x3: patches too long for the direct path; 2.65M multiply-adds: 2 workers on 2 threads.
        var g = Conv2dGeometry.Create(4, 32, 12, 12, 16, 3, 3, padHeight: 1, padWidth: 1);
        Assert.False(DirectConvolution.Applies(g));
        var random = new Random(11);
        var x = Random(random, g.InputLength);
        var w = Random(random, g.WeightLength);
        var bias = Random(random, g.OutChannels);
        var (yRef, _, _) = Reference(x, w, bias, new float[g.OutputLength], g);
        var y = new float[g.OutputLength];
        int saved = CpuThreads.Count;
        CpuThreads.Count = threads;
        try
        {
            ConvKernels.Forward(x, y, g.Batch, g.InChannels, g.InHeight, g.InWidth, g.OutChannels, g.KernelHeight, g.KernelWidth,
                1, 1, g.PadTop, g.PadLeft, 1, 1, 1, g.OutHeight, g.OutWidth, Tensor.From(w), Tensor.From(bias), Activation.Relu);
        }
        finally
        {
            CpuThreads.Count = saved;
        }

        AssertClose(yRef.Select(v => Math.Max(v, 0)).ToArray(), y, $"relu(y) on {threads} threads");
    }

    /// <summary>y, dx and dw of the convolution by its definition, in double.</summary>
    private static (double[] Y, double[] Dx, double[] Dw) Reference(float[] x, float[] w, float[] bias, float[] dy, Conv2dGeometry g)
    {
        var y = new double[g.OutputLength];
        var dx = new double[g.InputLength];
        var dw = new double[g.WeightLength];
        int cg = g.InChannelsPerGroup, og = g.OutChannelsPerGroup;
        for (int n = 0; n < g.Batch; n++)
            for (int o = 0; o < g.OutChannels; o++)
                for (int oh = 0; oh < g.OutHeight; oh++)
                    for (int ow = 0; ow < g.OutWidth; ow++)
                    {
                        int yi = ((n * g.OutChannels + o) * g.OutHeight + oh) * g.OutWidth + ow;
                        double sum = bias[o];
                        for (int c = 0; c < cg; c++)
                            for (int kh = 0; kh < g.KernelHeight; kh++)
                                for (int kw = 0; kw < g.KernelWidth; kw++)
                                {
                                    int ih = oh * g.StrideHeight + kh * g.DilationHeight - g.PadTop;
                                    int iw = ow * g.StrideWidth + kw * g.DilationWidth - g.PadLeft;
                                    if (ih < 0 || ih >= g.InHeight || iw < 0 || iw >= g.InWidth) continue;
                                    int xi = ((n * g.InChannels + o / og * cg + c) * g.InHeight + ih) * g.InWidth + iw;
                                    int wi = ((o * cg + c) * g.KernelHeight + kh) * g.KernelWidth + kw;
                                    sum += (double)x[xi] * w[wi];
                                    dx[xi] += (double)dy[yi] * w[wi];
                                    dw[wi] += (double)dy[yi] * x[xi];
                                }
                        y[yi] = sum;
                    }
        return (y, dx, dw);
    }

    private static void AssertClose(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * (1 + Math.Abs(expected[i])),
                $"{what}[{i}]: expected {expected[i]} but got {actual[i]}");
    }

    private static float[] Random(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = random.NextSingle() * 2 - 1;
        return values;
    }
}
