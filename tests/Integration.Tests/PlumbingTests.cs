using GraphGen.Integration.Modules;
using GraphGen.Nn;

namespace GraphGen.Integration;

/// <summary>What the generated Module plumbing gives a [Module] class: children, names, state dict, repr, checks.</summary>
public class PlumbingTests
{
    [Fact]
    public void ReprIsPyTorchs()
    {
        var net = new OurModule(numInputs: 2, numClasses: 3);
        Assert.Equal("""
            OurModule(
              (pipe): Sequential(
                (0): Linear(in_features=2, out_features=5, bias=True)
                (1): ReLU()
                (2): Linear(in_features=5, out_features=20, bias=True)
                (3): ReLU()
                (4): Linear(in_features=20, out_features=3, bias=True)
                (5): Dropout(p=0.3, inplace=False)
                (6): Softmax(dim=1)
              )
            )
            """.ReplaceLineEndings("\n"), net.ToString());
    }

    [Fact]
    public void StateDictKeysAndParameterCountFollowDeclarationOrder()
    {
        var net = new NestedModule(6, 10, 4);
        Assert.Equal(
            ["input.weight", "input.bias", "block1.fc1.weight", "block1.fc1.bias", "block1.fc2.weight", "block1.fc2.bias",
             "block2.fc1.weight", "block2.fc1.bias", "block2.fc2.weight", "block2.fc2.bias", "head.0.weight", "head.0.bias"],
            net.StateDict().Keys);
        Assert.Equal(6 * 10 + 10 + 2 * 2 * (10 * 10 + 10) + 10 * 4 + 4, net.ParameterCount);
        Assert.Equal(["", "input", "block1", "block1.fc1", "block1.fc2", "block2", "block2.fc1", "block2.fc2", "head", "head.0", "head.1"],
            net.NamedModules().Select(m => m.Name));
    }

    [Fact]
    public void RegistrationHappensBeforeFirstUseWhateverItIs()
    {
        // Parameters() is usually the first call (to build an optimizer), before any Call.
        Assert.Equal(4, new Mlp1(3, 4, 2).Parameters().Count());
        var evalFirst = new OurModule(2, 3);
        evalFirst.Eval();
        Assert.All(evalFirst.NamedModules(), m => Assert.False(m.Module.Training));
    }

    [Fact]
    public void SizesThatOnlyRunTimeKnowsAreCheckedAtFirstUseWithTheDiagnosticsMessage()
    {
        var ok = new MismatchedHidden(hiddenOut: 5, hiddenIn: 5);
        Assert.Equal(4 * 5 + 5 + 5 * 2 + 2, ok.ParameterCount);

        // The call-site analyzer reports this construction at compile time (GG0406); here it is the runtime check's input.
#pragma warning disable GG0406
        var bad = new MismatchedHidden(hiddenOut: 5, hiddenIn: 6);
#pragma warning restore GG0406
        var e = Assert.Throws<ArgumentException>(() => bad.Parameters().ToList());
        Assert.Equal("GG0101: Linear 'fc2' expects 6 input features but 'fc1' produces [B, 5]", e.Message);
    }

    [Fact]
    public void AWrongInputIsRejectedWithTheDiagnosticsMessage()
    {
        var net = new OurModule(numInputs: 2, numClasses: 3);
        var e = Assert.Throws<ArgumentException>(() => net.Call(Tensor.Zeros(4, 3)));
        Assert.Equal("GG0101: Linear 'pipe.0' expects 2 input features but 'x' produces [4, 3]", e.Message);

        var rank = Assert.Throws<ArgumentException>(() => net.Call(Tensor.From([2f, 3f])));
        Assert.Contains("OurModule.Call: input 'x' must have shape [B, numInputs], but it has shape [2]", rank.Message);
    }

    [Fact]
    public void TwoInputsMustShareTheBatch()
    {
        var net = new TwoInputModule(3, 5, 8);
        var e = Assert.Throws<ArgumentException>(() => net.Call(Tensor.Zeros(4, 3), Tensor.Zeros(5, 5)));
        Assert.Contains("input 'b' has 5 rows", e.Message);
    }

    [Fact]
    public void OtherDtypesRunTheEagerForward()
    {
        Tensor.ManualSeed(3);
        var net = new Mlp1(3, 4, 2);
        net.To(DType.Float64);
        var x = Tensor.Randn([5, 3]).To(DType.Float64);
        var y = net.Call(x);
        Assert.Equal(DType.Float64, y.DType);
        Assert.Equal(net.Forward(x).ToArray<double>(), y.ToArray<double>());
    }

    [Fact]
    public void AnUnbatchedInputRunsAsABatchOfOneWhereEveryOpAllowsIt()
    {
        Tensor.ManualSeed(8);
        var net = new Mlp3(4, 6, 3); // LogSoftmax(dim: 1) needs a batch dimension
        Assert.Throws<ArgumentException>(() => net.Call(Tensor.From([1f, 2f, 3f, 4f])));

        var mlp = new Mlp1(4, 6, 3);
        var x = Tensor.From([1f, 2f, 3f, 4f]).RequiresGrad_();
        var y = mlp.Call(x);
        Assert.Equal(new Shape(3), y.Shape);
        Support.Compare.AssertClose(mlp.Forward(x), y, "unbatched output");
        y.Sum().Backward();
        Assert.Equal(new Shape(4), x.Grad!.Shape);
    }

    [Fact]
    public void AnEmptyBatchGivesAnEmptyOutput()
    {
        var net = new OurModule(numInputs: 2, numClasses: 3);
        net.Eval();
        var y = net.Call(Tensor.Zeros(0, 2));
        Assert.Equal(new Shape(0, 3), y.Shape);
    }
}
