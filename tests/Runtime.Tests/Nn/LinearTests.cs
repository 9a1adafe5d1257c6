using GraphGen.Nn;

namespace GraphGen.Tests.Nn;

public class LinearTests
{
    public static TheoryData<string> Cases => NnOracle.Names("linear.json", "torch.nn.functional.linear");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesLibtorchOutputAndGradients(string name)
    {
        var c = NnOracle.Case("linear.json", name);
        var x = c.Inputs["input"].Clone().RequiresGrad_();
        var w = c.Inputs["weight"].Clone().RequiresGrad_();
        var b = c.Input("bias")?.Clone().RequiresGrad_();
        var y = F.Linear(x, w, b);
        // 784-wide dot products accumulate in a different order than MKL: allow a little more.
        double rtol = name.Contains("784") ? 1e-4 : 1e-5, atol = name.Contains("784") ? 1e-5 : 1e-6;
        NnOracle.AssertClose(c.Outputs["output"], y, "output", rtol, atol);
        Assert.Equal(b is null ? "MmBackward0" : "AddmmBackward0", y.GradFn!.Name);
        (y * c.Inputs["upstream"]).Sum().Backward();
        NnOracle.AssertClose(c.Grads["input"], x.Grad!, "input grad", rtol, atol);
        NnOracle.AssertClose(c.Grads["weight"], w.Grad!, "weight grad", rtol, atol);
        if (b is not null) NnOracle.AssertClose(c.Grads["bias"], b.Grad!, "bias grad", rtol, atol);
    }

    [Fact]
    public void ModuleForwardEqualsFunctionalWithItsParameters()
    {
        var c = NnOracle.Case("linear.json", "linear_2_5");
        var layer = new Linear(2, 5);
        layer.LoadStateDict(new Dictionary<string, Tensor> { ["weight"] = c.Inputs["weight"], ["bias"] = c.Inputs["bias"] });
        NnOracle.AssertClose(c.Outputs["output"], layer.Call(c.Inputs["input"]), "output");
    }

    [Fact]
    public void AVectorThroughALinearWithABiasPrintsPyTorchsAddBackward0()
    {
        var layer = new Linear(2, 5);
        Assert.Equal("AddBackward0", layer.Call(Tensor.From([1f, 2f])).GradFn!.Name);
        Assert.Equal("AddmmBackward0", layer.Call(Tensor.From(new float[,] { { 1, 2 } })).GradFn!.Name);
        Assert.Equal("MmBackward0", new Linear(2, 5, bias: false).Call(Tensor.From(new float[,] { { 1, 2 } })).GradFn!.Name);
    }

    [Fact]
    public void InitialisationIsKaimingUniformWithinOneOverSqrtFanIn()
    {
        var layer = new Linear(16, 300, generator: new RandomGenerator(3));
        double bound = 1 / Math.Sqrt(16);
        var w = layer.Weight.ToArray<double>();
        var b = layer.Bias!.ToArray<double>();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.All(b, v => Assert.InRange(v, -bound, bound));
        // 4800 uniform draws fill the interval: extremes near ±bound, mean near 0, variance bound²/3.
        Assert.True(w.Max() > 0.95 * bound && w.Min() < -0.95 * bound);
        Assert.InRange(w.Average(), -0.02, 0.02);
        Assert.InRange(w.Select(v => v * v).Average(), 0.9 * bound * bound / 3, 1.1 * bound * bound / 3);
        Assert.Equal([300, 16], layer.Weight.Shape.ToArray());
        Assert.Equal([300], layer.Bias.Shape.ToArray());
    }

    [Fact]
    public void SameSeedSameWeightsDifferentSeedDifferentWeights()
    {
        var a = new Linear(4, 3, generator: new RandomGenerator(42));
        var b = new Linear(4, 3, generator: new RandomGenerator(42));
        var c = new Linear(4, 3, generator: new RandomGenerator(43));
        Assert.Equal(a.Weight.ToArray<float>(), b.Weight.ToArray<float>());
        Assert.Equal(a.Bias!.ToArray<float>(), b.Bias!.ToArray<float>());
        Assert.NotEqual(a.Weight.ToArray<float>(), c.Weight.ToArray<float>());
        Tensor.ManualSeed(5);
        var d = new Linear(4, 3);
        Tensor.ManualSeed(5);
        var e = new Linear(4, 3);
        Assert.Equal(d.Weight.ToArray<float>(), e.Weight.ToArray<float>());
    }

    [Fact]
    public void NoBiasRegistersNoBiasParameter()
    {
        var layer = new Linear(3, 2, bias: false);
        Assert.Null(layer.Bias);
        Assert.Equal(["weight"], layer.NamedParameters().Select(p => p.Name));
        Assert.Equal(["weight"], layer.StateDict().Keys);
    }

    [Fact]
    public void RankOneAndRankThreeInputsFlattenLeadingDimensions()
    {
        var layer = new Linear(3, 2, generator: new RandomGenerator(9));
        var x3 = Tensor.Randn([2, 4, 3], new RandomGenerator(1)).RequiresGrad_();
        var y3 = layer.Call(x3);
        Assert.Equal([2, 4, 2], y3.Shape.ToArray());
        var reference = x3.Detach().MatMul(layer.Weight.Detach().T) + layer.Bias!.Detach();
        NnOracle.AssertClose(reference, y3, "rank-3 output");
        var up = Tensor.Randn([2, 4, 2], new RandomGenerator(2));
        (y3 * up).Sum().Backward();
        NnOracle.AssertClose(up.MatMul(layer.Weight.Detach()), x3.Grad!, "rank-3 input grad");
        NnOracle.AssertClose(up.Reshape(8, 2).T.MatMul(x3.Detach().Reshape(8, 3)), layer.Weight.Grad!, "rank-3 weight grad");
        NnOracle.AssertClose(up.Sum([0, 1]), layer.Bias.Grad!, "rank-3 bias grad");

        var x1 = Tensor.From([1f, -1f, 2f]);
        var y1 = layer.Call(x1);
        Assert.Equal([2], y1.Shape.ToArray());
        NnOracle.AssertClose(layer.Weight.Detach().MatMul(x1) + layer.Bias.Detach(), y1, "rank-1 output");
    }

    [Fact]
    public void Float64UsesTheGenericPathWithTheSameResult()
    {
        var layer = new Linear(3, 2, generator: new RandomGenerator(4));
        var x = Tensor.Randn([5, 3], new RandomGenerator(5));
        var y32 = layer.Call(x);
        layer.To(DType.Float64);
        var y64 = layer.Call(x.To(DType.Float64));
        NnOracle.AssertClose(y64, y32, "float64 vs float32");
    }

    [Fact]
    public void BadShapesNameBothShapes()
    {
        var layer = new Linear(3, 2);
        var ex = Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Zeros(4, 5)));
        Assert.Contains("[4, 5]", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("(*, 3)", ex.Message);
        Assert.Throws<ArgumentException>(() => F.Linear(Tensor.Zeros(4, 3), Tensor.Zeros(2, 3), Tensor.Zeros(3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(-1, 2));
    }
}
