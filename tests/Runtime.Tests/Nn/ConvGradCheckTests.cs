using GraphGen.Nn;

namespace GraphGen.Tests.Nn;

/// <summary>
/// The convolution, pooling, normalisation, embedding and cat gradients against central finite differences in float64,
/// over the geometries the oracle file does not reach (same padding with an even kernel, ceil mode, uneven adaptive
/// windows, unbatched inputs, count_include_pad false, eval-mode batch norm).
/// </summary>
public class ConvGradCheckTests
{
    private static Tensor R(int seed, params int[] shape) => GradCheck.Random(shape, seed);

    public static TheoryData<string> ConvCases() =>
    [
        "basic", "stride2_pad1", "dilation2", "groups2", "rect_stride", "same_even_kernel", "pointwise", "depthwise", "unbatched", "no_bias",
    ];

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv2dGradients(string name)
    {
        var (x, w, b, f) = name switch
        {
            "basic" => (R(1, 2, 2, 5, 5), R(2, 3, 2, 3, 3), R(3, 3), (Func<Tensor[], Tensor>)(t => F.Conv2d(t[0], t[1], t[2]))),
            "stride2_pad1" => (R(1, 2, 2, 5, 6), R(2, 3, 2, 3, 3), R(3, 3), t => F.Conv2d(t[0], t[1], t[2], stride: 2, padding: 1)),
            "dilation2" => (R(1, 1, 2, 6, 6), R(2, 2, 2, 3, 3), R(3, 2), t => F.Conv2d(t[0], t[1], t[2], padding: 1, dilation: 2)),
            "groups2" => (R(1, 2, 4, 4, 4), R(2, 4, 2, 3, 3), R(3, 4), t => F.Conv2d(t[0], t[1], t[2], padding: 1, groups: 2)),
            "rect_stride" => (R(1, 2, 2, 6, 5), R(2, 3, 2, 3, 2), R(3, 3), t => F.Conv2d(t[0], t[1], t[2], stride: (2, 1), padding: (1, 0))),
            "same_even_kernel" => (R(1, 1, 2, 5, 4), R(2, 2, 2, 2, 4), R(3, 2), t => F.Conv2d(t[0], t[1], t[2], padding: "same")),
            "pointwise" => (R(1, 2, 3, 3, 4), R(2, 4, 3, 1, 1), R(3, 4), t => F.Conv2d(t[0], t[1], t[2])),
            "depthwise" => (R(1, 2, 3, 4, 4), R(2, 3, 1, 3, 3), R(3, 3), t => F.Conv2d(t[0], t[1], t[2], padding: 1, groups: 3)),
            "unbatched" => (R(1, 2, 4, 4), R(2, 3, 2, 2, 2), R(3, 3), t => F.Conv2d(t[0], t[1], t[2], stride: 2)),
            _ => (R(1, 2, 2, 4, 4), R(2, 3, 2, 3, 3), R(3, 3), t => F.Conv2d(t[0], t[1], null, padding: "valid") + t[2].Sum() * 0),
        };
        GradCheck.Check(f, [x, w, b]);
    }

    [Fact]
    public void Conv1dGradients()
    {
        GradCheck.Check(t => F.Conv1d(t[0], t[1], t[2], stride: 2, padding: 2, dilation: 2), [R(1, 2, 3, 9), R(2, 4, 3, 3), R(3, 4)]);
        GradCheck.Check(t => F.Conv1d(t[0], t[1], t[2], padding: "same", groups: 2), [R(4, 2, 4, 7), R(5, 2, 2, 4), R(6, 2)]);
    }

    [Theory]
    [InlineData(2, 2, 0, 1, false)]
    [InlineData(3, 2, 1, 1, false)]
    [InlineData(3, 2, 1, 1, true)]
    [InlineData(2, 1, 1, 2, false)]
    [InlineData(3, 3, 0, 1, true)]
    public void MaxPool2dGradients(int kernel, int stride, int padding, int dilation, bool ceilMode)
        => GradCheck.Check(x => F.MaxPool2d(x, kernel, stride, padding, dilation, ceilMode), R(7, 2, 2, 7, 6));

    [Theory]
    [InlineData(2, 2, 0, false, true)]
    [InlineData(3, 1, 1, false, true)]
    [InlineData(3, 2, 1, false, false)]
    [InlineData(3, 2, 1, true, true)]
    [InlineData(3, 2, 1, true, false)]
    public void AvgPool2dGradients(int kernel, int stride, int padding, bool ceilMode, bool countIncludePad)
        => GradCheck.Check(x => F.AvgPool2d(x, kernel, stride, padding, ceilMode, countIncludePad), R(8, 2, 2, 6, 7));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 5)]
    public void AdaptiveAvgPool2dGradients(int outHeight, int outWidth)
        => GradCheck.Check(x => F.AdaptiveAvgPool2d(x, (outHeight, outWidth)), R(9, 2, 3, 7, 5));

    [Theory]
    [InlineData(true, new[] { 3, 4, 2, 3 })]
    [InlineData(true, new[] { 5, 3 })]
    [InlineData(true, new[] { 2, 3, 4 })]
    [InlineData(false, new[] { 3, 4, 2, 3 })]
    public void BatchNormGradients(bool training, int[] shape)
    {
        int c = shape[1];
        var runningMean = R(10, c);
        var runningVar = GradCheck.Random([c], 11, positive: true, minAbs: 0.5);
        GradCheck.Check(t => F.BatchNorm(t[0], runningMean.Clone(), runningVar, t[1], t[2], training), [R(12, shape), R(13, c), R(14, c)]);
    }

    [Fact]
    public void LayerNormGradients()
    {
        GradCheck.Check(t => F.LayerNorm(t[0], [4], t[1], t[2]), [R(15, 3, 2, 4), R(16, 4), R(17, 4)]);
        GradCheck.Check(t => F.LayerNorm(t[0], [3, 4]), [R(18, 2, 3, 4)]);
    }

    [Fact]
    public void EmbeddingGradients()
    {
        var indices = Tensor.From(new long[] { 1, 4, 1, 0, 3, 1 }).Reshape(2, 3);
        GradCheck.Check(w => F.Embedding(indices, w), R(19, 5, 3));

        // padding_idx: by PyTorch's definition (not by calculus) that row's gradient is zero; the others are unchanged.
        var plain = R(20, 5, 3).RequiresGrad_();
        var padded = R(20, 5, 3).RequiresGrad_();
        var upstream = R(26, 2, 3, 3);
        (F.Embedding(indices, plain) * upstream).Sum().Backward();
        (F.Embedding(indices, padded, paddingIdx: 1) * upstream).Sum().Backward();
        var expected = plain.Grad!.ToArray<double>();
        for (int j = 3; j < 6; j++) expected[j] = 0;
        Assert.Equal(expected, padded.Grad!.ToArray<double>());
        Assert.Contains(padded.Grad!.ToArray<double>(), v => v != 0);
    }

    [Fact]
    public void CatGradients()
    {
        GradCheck.Check(t => Tensor.Cat([t[0], t[1], t[2]], dim: -1), [R(21, 2, 3, 1), R(22, 2, 3, 4), R(23, 2, 3, 2)]);
        GradCheck.Check(t => Tensor.Cat([t[0], t[1]]), [R(24, 2, 3), R(25, 1, 3)]);
    }
}
