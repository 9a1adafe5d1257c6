using GraphGen.Nn;

namespace GraphGen.Tests.Nn;

/// <summary>activations.json through the layer modules (and F), outputs and gradients.</summary>
public class ActivationTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in NnOracle.Load("activations.json").Where(c => LayerFor(c) is not null)) data.Add(c.Name);
        return data;
    }

    private static Module? LayerFor(OracleCase c) => c.Op switch
    {
        "torch.nn.functional.relu" => new ReLU(),
        "torch.sigmoid" => new Sigmoid(),
        "torch.tanh" => new Tanh(),
        "torch.nn.functional.softmax" => new Softmax((int)c.ArgLong("dim", 0)),
        "torch.nn.functional.log_softmax" => new LogSoftmax((int)c.ArgLong("dim", 0)),
        "torch.nn.functional.leaky_relu" => new LeakyReLU(c.ArgDouble("negative_slope", 0.01)),
        "torch.nn.functional.gelu" => new GELU(c.Args.GetProperty("approximate").GetString()!),
        "torch.nn.functional.dropout" => new Dropout(c.ArgDouble("p", 0.5)).Eval(),
        "torch.nn.functional.elu" => new ELU(c.ArgDouble("alpha", 1)),
        _ => null,
    };

    [Fact]
    public void EveryCaseHasALayer()
    {
        Assert.Equal(32, NnOracle.Load("activations.json").Count);
        Assert.Empty(NnOracle.Load("activations.json").Where(c => LayerFor(c) is null).Select(c => c.Name));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ModuleMatchesLibtorch(string name)
    {
        var c = NnOracle.Case("activations.json", name);
        var x = c.Inputs["input"].Clone().RequiresGrad_();
        var y = LayerFor(c)!.Call(x);
        NnOracle.AssertClose(c.Outputs["output"], y, "output");
        (y * c.Inputs["upstream"]).Sum().Backward();
        NnOracle.AssertClose(c.Grads["input"], x.Grad!, "input grad");
    }

    [Fact]
    public void FunctionalFormsEqualTheModules()
    {
        var x = Tensor.Randn([3, 4], new RandomGenerator(11));
        Assert.Equal(new ReLU().Call(x).ToArray<float>(), F.Relu(x).ToArray<float>());
        Assert.Equal(new Sigmoid().Call(x).ToArray<float>(), F.Sigmoid(x).ToArray<float>());
        Assert.Equal(new Tanh().Call(x).ToArray<float>(), F.Tanh(x).ToArray<float>());
        Assert.Equal(new LeakyReLU(0.2).Call(x).ToArray<float>(), F.LeakyRelu(x, 0.2).ToArray<float>());
        Assert.Equal(new GELU("tanh").Call(x).ToArray<float>(), F.Gelu(x, "tanh").ToArray<float>());
        Assert.Equal(new SiLU().Call(x).ToArray<float>(), F.Silu(x).ToArray<float>());
        Assert.Equal(new Softmax(0).Call(x).ToArray<float>(), F.Softmax(x, 0).ToArray<float>());
        Assert.Equal(new LogSoftmax(-1).Call(x).ToArray<float>(), F.LogSoftmax(x, -1).ToArray<float>());
        Assert.Same(x, new Identity().Call(x));
    }

    [Theory]
    [InlineData(new int[0], 0)]
    [InlineData(new[] { 3 }, 0)]
    [InlineData(new[] { 2, 3 }, 1)]
    [InlineData(new[] { 2, 3, 4 }, 0)]
    [InlineData(new[] { 2, 3, 4, 5 }, 1)]
    public void SoftmaxWithoutADimUsesPyTorchsImplicitDimForTheRank(int[] shape, int expectedDim)
    {
        var x = Tensor.Randn(shape, new RandomGenerator(5));
        Assert.Equal(expectedDim, F.ImplicitSoftmaxDim(x.Rank));
        Assert.Equal(F.Softmax(x, expectedDim).ToArray<float>(), new Softmax().Call(x).ToArray<float>());
        Assert.Equal(F.Softmax(x, expectedDim).ToArray<float>(), F.Softmax(x).ToArray<float>());
        Assert.Equal(F.LogSoftmax(x, expectedDim).ToArray<float>(), new LogSoftmax().Call(x).ToArray<float>());
        Assert.Equal(F.LogSoftmax(x, expectedDim).ToArray<float>(), F.LogSoftmax(x).ToArray<float>());
    }

    [Fact]
    public void SoftmaxWithoutADimOnTheLecturesVectorRecordsSoftmaxBackward()
    {
        var x = Tensor.From([2f, 3f]).RequiresGrad_();
        var y = new Softmax().Call(x);
        Assert.Equal("tensor([0.2689, 0.7311], grad_fn=<SoftmaxBackward0>)", y.ToString());
        Assert.Equal(1f, y.Sum().Item<float>(), 6);
    }

    [Fact]
    public void FlattenKeepsTheBatchDimensionByDefault()
    {
        var x = Tensor.Zeros(2, 3, 4, 5);
        Assert.Equal([2, 60], new Flatten().Call(x).Shape.ToArray());
        Assert.Equal([2, 12, 5], new Flatten(1, 2).Call(x).Shape.ToArray());
        Assert.Equal([120], new Flatten(0).Call(x).Shape.ToArray());
    }

    [Fact]
    public void GeluRejectsUnknownApproximation() =>
        Assert.Contains("'fast'", Assert.Throws<ArgumentException>(() => new GELU("fast")).Message);

    [Fact]
    public void EluGradientAtZeroIsAlphaAsInPyTorch()
    {
        // PyTorch's EluBackward0 takes the negative branch at x = 0: alpha·exp(0) = alpha (a composite of
        // Minimum would split the tie and give alpha/2).
        var x = Tensor.From(new[] { -1f, 0f, 2f }).RequiresGrad_();
        var y = F.Elu(x, alpha: 0.5);
        Assert.Equal("EluBackward0", y.GradFn?.Name);
        y.Sum().Backward();
        Assert.Equal(new[] { 0.5f * MathF.Exp(-1f), 0.5f, 1f }, x.Grad!.ToArray<float>());
    }

    [Fact]
    public void SiluIsXTimesSigmoidWithPyTorchsBackward()
    {
        // torch.nn.functional.silu at -1, 0, 1, 2 and its gradient σ(x)·(1 + x·(1 − σ(x))): 0.5 at x = 0.
        var x = Tensor.From(new[] { -1f, 0f, 1f, 2f }).RequiresGrad_();
        var y = new SiLU().Call(x);
        Assert.Equal("SiluBackward0", y.GradFn?.Name);
        Assert.Equal(new[] { -0.26894142f, 0f, 0.7310586f, 1.7615942f }, y.ToArray<float>(), (a, b) => MathF.Abs(a - b) < 1e-6f);
        y.Sum().Backward();
        Assert.Equal(new[] { 0.07232949f, 0.5f, 0.92767054f, 1.0907842f }, x.Grad!.ToArray<float>(), (a, b) => MathF.Abs(a - b) < 1e-6f);
        Assert.Equal("SiLU()", new SiLU().ToString());
    }
}
