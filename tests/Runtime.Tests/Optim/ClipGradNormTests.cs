using GraphGen.Nn;

namespace GraphGen.Tests.Optim;

public class ClipGradNormTests
{
    [Theory]
    [InlineData("clip_grad_norm")]
    [InlineData("clip_grad_norm_no_clip")]
    public void MatchesLibtorch(string name)
    {
        var c = OptimOracle.Case("init_and_misc.json", name);
        var inputs = c.GetProperty("inputs");
        var outputs = c.GetProperty("outputs");
        var args = c.GetProperty("args");
        var ps = new List<Tensor>();
        for (int i = 0; i < 3; i++)
        {
            var g = OptimOracle.ToTensor(inputs.GetProperty($"g{i}"));
            ps.Add(Tensor.ZerosLike(g).RequiresGrad_());
            ps[i].Grad = g;
        }
        ps.Add(Tensor.Zeros(7).RequiresGrad_()); // no gradient: ignored

        var total = GradClipping.ClipGradNorm_(ps, args.GetProperty("max_norm").GetDouble(), args.GetProperty("norm_type").GetDouble());

        Assert.Equal(DType.Float32, total.DType);
        Assert.Equal(0, total.Rank);
        OptimOracle.AssertClose(OptimOracle.Floats(outputs.GetProperty("total_norm")), [total.Item<float>()], "total_norm");
        for (int i = 0; i < 3; i++)
            OptimOracle.AssertClose(OptimOracle.Floats(outputs.GetProperty($"g{i}")), ps[i].Grad!.ToArray<float>(), $"{name} g{i}");
        Assert.Null(ps[3].Grad);
    }

    [Fact]
    public void SumOfInt64IsInt64()
    {
        var c = OptimOracle.Case("init_and_misc.json", "sum_int64");
        var sum = OptimOracle.ToTensor(c.GetProperty("inputs").GetProperty("input")).Sum();
        Assert.Equal(DType.Int64, sum.DType);
        Assert.Equal(c.GetProperty("outputs").GetProperty("output").GetProperty("data")[0].GetInt64(), sum.Item<long>());
    }

    [Fact]
    public void InfinityNormIsMaxAbs()
    {
        var p = Tensor.Zeros(3).RequiresGrad_();
        p.Grad = Tensor.From([1f, -4f, 2f]);
        var total = GradClipping.ClipGradNorm_([p], maxNorm: 2, normType: double.PositiveInfinity);
        Assert.Equal(4f, total.Item<float>());
        OptimOracle.AssertClose([0.5f, -2f, 1f], p.Grad.ToArray<float>(), "inf-norm clipped");
    }

    [Fact]
    public void NoGradientsGiveZeroNorm()
        => Assert.Equal(0f, GradClipping.ClipGradNorm_([Tensor.Zeros(2).RequiresGrad_()], 1).Item<float>());

    [Fact]
    public void NonFiniteNormThrowsWhenAsked()
    {
        var p = Tensor.Zeros(2).RequiresGrad_();
        p.Grad = Tensor.From([float.NaN, 1f]);
        var e = Assert.Throws<InvalidOperationException>(() => GradClipping.ClipGradNorm_([p], 1, errorIfNonfinite: true));
        Assert.Contains("non-finite", e.Message);
    }

    [Fact]
    public void BadNormTypeIsRejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GradClipping.ClipGradNorm_([], 1, normType: -1));
        Assert.Contains("normType", e.Message);
    }
}
