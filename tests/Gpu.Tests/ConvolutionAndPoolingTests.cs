using GraphGen.Nn;

namespace GraphGen.Gpu.Tests;

/// <summary>Convolutions and pools on the (emulated) CUDA device equal the CPU eager ops, outputs and gradients.</summary>
public class ConvolutionAndPoolingTests
{
    private static Tensor Randn(int seed, params int[] shape) => Tensor.Randn(shape, new RandomGenerator(seed));

    [Fact]
    public void Conv2dWithStridePaddingDilationGroupsAndBias() =>
        CpuGpuEquivalence.Check("conv2d", t => F.Conv2d(t[0], t[1], t[2], stride: (2, 1), padding: (1, 2), dilation: (1, 2), groups: 2),
            Randn(1, 2, 4, 7, 6), Randn(2, 6, 2, 3, 2), Randn(3, 6));

    [Fact]
    public void Conv2dPointwiseWithoutBias() =>
        CpuGpuEquivalence.Check("1x1 conv2d", t => F.Conv2d(t[0], t[1]), Randn(4, 3, 5, 4, 3), Randn(5, 7, 5, 1, 1));

    [Fact]
    public void Conv2dSamePaddingWithAnEvenKernelAndUnbatchedInput() =>
        CpuGpuEquivalence.Check("'same' conv2d", t => F.Conv2d(t[0], t[1], t[2], padding: "same"), Randn(6, 3, 6, 5), Randn(7, 4, 3, 4, 2), Randn(8, 4));

    [Fact]
    public void DepthwiseConv2dWithStride() =>
        CpuGpuEquivalence.Check("depthwise conv2d", t => F.Conv2d(t[0], t[1], t[2], stride: 2, padding: 1, groups: 4),
            Randn(9, 2, 4, 6, 6), Randn(10, 8, 1, 3, 3), Randn(11, 8));

    [Fact]
    public void Conv1dWithStrideDilationAndPadding() =>
        CpuGpuEquivalence.Check("conv1d", t => F.Conv1d(t[0], t[1], t[2], stride: 2, padding: 2, dilation: 2),
            Randn(12, 2, 3, 11), Randn(13, 4, 3, 3), Randn(14, 4));

    [Fact]
    public void Conv2dInFloat64() =>
        CpuGpuEquivalence.Check("float64 conv2d", t => F.Conv2d(t[0], t[1], t[2], stride: 2, padding: 1), 1e-12, 1e-10,
            Randn(15, 2, 3, 5, 5).To(DType.Float64), Randn(16, 4, 3, 3, 3).To(DType.Float64), Randn(17, 4).To(DType.Float64));

    [Fact]
    public void Conv2dModuleTrainsOnTheDevice()
    {
        var conv = new Conv2d(3, 4, 3, padding: 1, generator: new RandomGenerator(3));
        var x = Randn(18, 2, 3, 5, 5);
        var expected = conv.Call(x);
        expected.Sum().Backward();
        var onGpu = new Conv2d(3, 4, 3, padding: 1, generator: new RandomGenerator(3));
        onGpu.To(GpuTestSetup.Cuda);
        var y = onGpu.Call(x.To(GpuTestSetup.Cuda));
        y.Sum().Backward();
        Close.Assert(expected, y, what: "output");
        Close.Assert(conv.Weight.Grad!, onGpu.Weight.Grad!, what: "weight grad");
        Close.Assert(conv.Bias!.Grad!, onGpu.Bias!.Grad!, what: "bias grad");
    }

    [Theory]
    [InlineData(3, 2, 1, 1, false)]
    [InlineData(3, 2, 1, 1, true)]
    [InlineData(2, 2, 0, 1, true)]
    [InlineData(3, 1, 1, 2, false)]
    public void MaxPool2dMatchesIncludingCeilModeAndDilation(int kernel, int stride, int padding, int dilation, bool ceilMode) =>
        CpuGpuEquivalence.Check("maxpool2d", t => F.MaxPool2d(t[0], kernel, stride, padding, dilation, ceilMode), Randn(19, 2, 3, 7, 6));

    [Fact]
    public void MaxPool2dOfAnUnbatchedInputWithNaNAndInfinities()
    {
        var x = Randn(20, 2, 5, 5);
        var data = x.ToArray<float>();
        data[3] = float.NaN;
        data[30] = float.NegativeInfinity;
        data[31] = float.PositiveInfinity;
        CpuGpuEquivalence.Check("maxpool2d with NaN", t => F.MaxPool2d(t[0], 2, 1), Tensor.From(data).Reshape(2, 5, 5));
    }

    [Theory]
    [InlineData(3, 2, 1, false, true)]
    [InlineData(3, 2, 1, true, true)]
    [InlineData(3, 2, 1, true, false)]
    [InlineData(2, 3, 1, true, false)]
    public void AvgPool2dMatchesIncludingCeilModeAndCountIncludePad(int kernel, int stride, int padding, bool ceilMode, bool countIncludePad) =>
        CpuGpuEquivalence.Check("avgpool2d", t => F.AvgPool2d(t[0], kernel, stride, padding, ceilMode, countIncludePad), Randn(21, 2, 3, 7, 6));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 7)]
    public void AdaptiveAvgPool2dMatches(int outHeight, int outWidth) =>
        CpuGpuEquivalence.Check("adaptive avgpool2d", t => F.AdaptiveAvgPool2d(t[0], (outHeight, outWidth)), Randn(22, 2, 3, 7, 5));

    [Fact]
    public void PoolsInFloat64() =>
        CpuGpuEquivalence.Check("float64 pools", t => F.MaxPool2d(t[0], 2) + F.AvgPool2d(t[0], 2) + F.AdaptiveAvgPool2d(t[0], 3), 1e-12, 1e-10,
            Randn(23, 1, 2, 6, 6).To(DType.Float64));

    [Fact]
    public void OperandsOnTwoDevicesAreAClearError()
    {
        var e = Assert.Throws<InvalidOperationException>(() => F.Conv2d(Randn(24, 1, 1, 3, 3).To(GpuTestSetup.Cuda), Randn(25, 1, 1, 2, 2)));
        Assert.Contains("cuda:0", e.Message);
        Assert.Contains("cpu", e.Message);
    }
}
