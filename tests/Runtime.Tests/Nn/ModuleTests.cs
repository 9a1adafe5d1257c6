using GraphGen.Nn;

namespace GraphGen.Tests.Nn;

public class ModuleTests
{
    private const string OurModuleRepr = """
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
        """;

    [Fact]
    public void ReprOfTheSeedModuleIsPyTorchs()
    {
        Assert.Equal(OurModuleRepr.ReplaceLineEndings("\n"), new OurModule(2, 3).ToString());
    }

    [Fact]
    public void ReprOfEveryLayer()
    {
        Assert.Equal("Linear(in_features=2, out_features=5, bias=True)", new Linear(2, 5).ToString());
        Assert.Equal("Linear(in_features=7, out_features=1, bias=False)", new Linear(7, 1, bias: false).ToString());
        Assert.Equal("ReLU()", new ReLU().ToString());
        Assert.Equal("Sigmoid()", new Sigmoid().ToString());
        Assert.Equal("Tanh()", new Tanh().ToString());
        Assert.Equal("Identity()", new Identity().ToString());
        Assert.Equal("Dropout(p=0.3, inplace=False)", new Dropout(0.3).ToString());
        Assert.Equal("Dropout(p=0.5, inplace=False)", new Dropout().ToString());
        Assert.Equal("Dropout(p=1.0, inplace=False)", new Dropout(1).ToString());
        Assert.Equal("Dropout(p=0.0, inplace=False)", new Dropout(0).ToString());
        Assert.Equal("Softmax(dim=1)", new Softmax(1).ToString());
        Assert.Equal("Softmax(dim=-1)", new Softmax(-1).ToString());
        Assert.Equal("LogSoftmax(dim=1)", new LogSoftmax(1).ToString());
        Assert.Equal("Softmax(dim=None)", new Softmax().ToString());
        Assert.Equal("LogSoftmax(dim=None)", new LogSoftmax().ToString());
        Assert.Equal("LeakyReLU(negative_slope=0.01)", new LeakyReLU().ToString());
        Assert.Equal("LeakyReLU(negative_slope=0.2)", new LeakyReLU(0.2).ToString());
        Assert.Equal("LeakyReLU(negative_slope=1e-05)", new LeakyReLU(1e-5).ToString());
        Assert.Equal("GELU(approximate='none')", new GELU().ToString());
        Assert.Equal("GELU(approximate='tanh')", new GELU("tanh").ToString());
        Assert.Equal("Flatten(start_dim=1, end_dim=-1)", new Flatten().ToString());
        Assert.Equal("Sequential()", new Sequential().ToString());
    }

    [Fact]
    public void NestedSequentialIndentsLikePyTorch()
    {
        var net = new Sequential(new Sequential(new Linear(1, 2), new Tanh()), new Identity());
        Assert.Equal("""
            Sequential(
              (0): Sequential(
                (0): Linear(in_features=1, out_features=2, bias=True)
                (1): Tanh()
              )
              (1): Identity()
            )
            """.ReplaceLineEndings("\n"), net.ToString());
    }

    [Fact]
    public void NamedParametersAreDottedAndInRegistrationOrder()
    {
        var net = new OurModule(2, 3);
        Assert.Equal(
            ["pipe.0.weight", "pipe.0.bias", "pipe.2.weight", "pipe.2.bias", "pipe.4.weight", "pipe.4.bias"],
            net.NamedParameters().Select(p => p.Name));
        Assert.Equal([10, 5, 100, 20, 60, 3], net.Parameters().Select(p => p.NumEl));
        Assert.Equal(198, net.ParameterCount);
        Assert.Empty(net.NamedParameters(recurse: false));
        Assert.All(net.Parameters(), p => Assert.True(p.RequiresGrad && p.IsLeaf));
        var linear = (Linear)net.Pipe[2];
        Assert.Same(linear.Weight, net.NamedParameters().Single(p => p.Name == "pipe.2.weight").Parameter);
    }

    [Fact]
    public void NamedModulesAndChildren()
    {
        var net = new OurModule(2, 3);
        Assert.Equal(["", "pipe", "pipe.0", "pipe.1", "pipe.2", "pipe.3", "pipe.4", "pipe.5", "pipe.6"], net.NamedModules().Select(m => m.Name));
        Assert.Equal(["pipe"], net.NamedChildren().Select(c => c.Name));
        Assert.Same(net.Pipe, net.Children().Single());
        Assert.Equal(7, net.Pipe.Count);
        Assert.IsType<Softmax>(net.Pipe[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Pipe[7]);
    }

    [Fact]
    public void SharedModulesAndParametersAreListedOnceButStateDictHasEveryName()
    {
        var shared = new Linear(3, 3);
        var net = new Sequential(shared, new ReLU(), shared);
        Assert.Equal(["0.weight", "0.bias"], net.NamedParameters().Select(p => p.Name));
        Assert.Equal(["", "0", "1"], net.NamedModules().Select(m => m.Name));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], net.StateDict().Keys);
    }

    [Fact]
    public void TrainAndEvalAreRecursive()
    {
        var net = new OurModule(2, 3);
        Assert.True(net.Training);
        Assert.Same(net, net.Eval());
        Assert.All(net.NamedModules(), m => Assert.False(m.Module.Training));
        net.Train();
        Assert.All(net.NamedModules(), m => Assert.True(m.Module.Training));
    }

    [Fact]
    public void ZeroGradSetsGradientsToNull()
    {
        var net = new OurModule(2, 3);
        net.Call(Tensor.From(new float[,] { { 2f, 3f } })).Sum().Backward();
        Assert.All(net.Parameters(), p => Assert.NotNull(p.Grad));
        net.ZeroGrad();
        Assert.All(net.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void CallRunsForwardAndModulesWithoutOneInputSayWhy()
    {
        var net = new OurModule(2, 3, generator: new RandomGenerator(7)).Eval();
        var probs = net.Call(Tensor.From(new float[,] { { 2f, 3f }, { -1f, 0.5f } }));
        Assert.Equal([2, 3], probs.Shape.ToArray());
        Assert.Equal(1.0, probs.Sum(1).ToArray<double>()[0], 5);
        var ex = Assert.Throws<InvalidOperationException>(() => new TwoInputs().Call(Tensor.Zeros(1)));
        Assert.Equal("TwoInputs does not take one tensor input; call the Call overload it defines.", ex.Message);
    }

    private sealed class TwoInputs : Module;

    [Fact]
    public void RegistrationRejectsBadNamesAndNonLeaves()
    {
        Assert.Contains("can't contain \".\"", Assert.Throws<ArgumentException>(() => new Registering("a.b", Tensor.Zeros(1))).Message);
        Assert.Contains("can't be empty", Assert.Throws<ArgumentException>(() => new Registering("", Tensor.Zeros(1))).Message);
        var nonLeaf = Tensor.Zeros(2).RequiresGrad_() * 2;
        Assert.Contains("non-leaf", Assert.Throws<ArgumentException>(() => new Registering("w", nonLeaf)).Message);
        Assert.Contains("int64", Assert.Throws<ArgumentException>(() => new Registering("w", Tensor.Zeros([2], DType.Int64))).Message);
    }

    private sealed class Registering : Module
    {
        public Registering(string name, Tensor t) => RegisterParameter(name, t);
    }

    [Fact]
    public void BuffersAreInStateDictButNotParameters()
    {
        var m = new WithBuffer();
        Assert.Equal(["scale"], m.NamedParameters().Select(p => p.Name));
        Assert.Equal(["running", "steps"], m.NamedBuffers().Select(b => b.Name));
        Assert.Equal(["scale", "running"], m.StateDict().Keys);
        m.To(DType.Float64);
        Assert.Equal(DType.Float64, m.StateDict()["running"].DType);
        Assert.Equal(DType.Int64, m.NamedBuffers().Single(b => b.Name == "steps").Buffer.DType);
    }

    private sealed class WithBuffer : Module
    {
        public WithBuffer()
        {
            RegisterParameter("scale", Tensor.Ones(2));
            RegisterBuffer("running", Tensor.Zeros(2));
            RegisterBuffer("steps", Tensor.Zeros([1], DType.Int64), persistent: false);
        }
    }

    [Fact]
    public void ToDtypeConvertsParametersAndKeepsThemTrainable()
    {
        var net = new OurModule(2, 3);
        var before = net.Pipe[0] is Linear l ? l.Weight.ToArray<double>() : [];
        Assert.Same(net, net.To(DType.Float32)); // no change: same objects
        var w32 = ((Linear)net.Pipe[0]).Weight;
        net.To(DType.Float64);
        var w64 = ((Linear)net.Pipe[0]).Weight;
        Assert.NotSame(w32, w64);
        Assert.Equal(DType.Float64, w64.DType);
        Assert.True(w64.RequiresGrad && w64.IsLeaf);
        Assert.Equal(before, w64.ToArray<double>());
        Assert.All(net.Parameters(), p => Assert.Equal(DType.Float64, p.DType));
        var y = net.Eval().Call(Tensor.From(new double[,] { { 1, 2 } }));
        Assert.Equal(DType.Float64, y.DType);
        Assert.Same(net, net.To(Device.Cpu));
        Assert.Throws<ArgumentException>(() => net.To(DType.Int64));
    }
}
