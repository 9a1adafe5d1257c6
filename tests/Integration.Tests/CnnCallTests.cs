using GraphGen.Integration.Modules;
using GraphGen.Integration.Support;
using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Integration;

/// <summary>
/// Convolutional modules compiled by the real generator (issue #11): the compiled Call gives Forward's outputs and every
/// gradient, in training and evaluation mode, with declared ([Shape]) and undeclared input shapes; an undeclared shape is
/// checked on the call with the messages the build gives for a declared one.
/// </summary>
public class CnnCallTests
{
    private static T Seeded<T>(Func<T> create)
    {
        Tensor.ManualSeed(2024);
        return create();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LeNet5(bool training)
    {
        var net = Seeded(() => new LeNet5());
        net.Train(training);
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [3, 1, 28, 28]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DepthwiseThenPointwise(bool training)
    {
        var net = Seeded(() => new DepthwiseSeparable());
        net.Train(training);
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [4, 8, 10, 10]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ResidualConvBatchNormBlock(bool training)
    {
        var net = Seeded(() => new ResidualConvBn());
        net.Train(training);
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [4, 3, 12, 12]);

        // From fresh copies: the running statistics (and num_batches_tracked) one compiled step leaves equal the eager step's.
        var compiled = Seeded(() => new ResidualConvBn());
        var eager = Seeded(() => new ResidualConvBn());
        compiled.Train(training);
        eager.Train(training);
        var x = Seeded(() => Tensor.Randn(4, 3, 12, 12));
        compiled.Call(x).Sum().Backward();
        eager.Forward(x).Sum().Backward();
        foreach (var ((name, expected), (_, actual)) in eager.NamedBuffers().Zip(compiled.NamedBuffers()))
            Compare.AssertClose(expected, actual, $"buffer {name}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Conv1dWithResidual(bool training)
    {
        var net = Seeded(() => new Conv1dNet());
        net.Train(training);
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [3, 4, 32]);
    }

    [Theory]
    [InlineData(2, 11, 13)]
    [InlineData(1, 6, 4)]
    [InlineData(3, 20, 9)]
    public void UndeclaredShapeAtSeveralSizes(int batch, int height, int width)
    {
        var net = Seeded(() => new UndeclaredCnn());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [batch, 3, height, width]);
    }

    [Fact]
    public void UnbatchedImageRunsAsABatchOfOne()
    {
        var net = Seeded(() => new UndeclaredCnn());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [3, 9, 8]);
    }

    [Fact]
    public void UndeclaredChannelsAreCheckedOnTheCallWithTheBuildsMessage()
    {
        var net = Seeded(() => new UndeclaredCnn());
        var e = Assert.Throws<ArgumentException>(() => net.Call(Tensor.Zeros(2, 4, 10, 10)));
        Assert.Equal("GG0110: Conv2d 'conv1' expects 3 input channels but 'x' produces [2, 4, 10, 10]", e.Message);
    }

    [Fact]
    public void UndeclaredImageTooSmallForTheKernelIsReportedWithItsSizes()
    {
        var net = Seeded(() => new UndeclaredCnn());
        var e = Assert.Throws<ArgumentException>(() => net.Call(Tensor.Zeros(1, 3, 2, 10)));
        Assert.Equal("GG0112: Conv2d 'conv1' has a 3x3 kernel (dilated; padding (0, 0)), larger than its padded input: it needs a spatial size of at least 3x3 but its input is [1, 3, 2, 10]", e.Message);
    }

    [Fact]
    public void UndeclaredPoolWithAnEmptyOutputIsReportedWithItsSizes()
    {
        var net = Seeded(() => new UndeclaredCnn());
        var e = Assert.Throws<ArgumentException>(() => net.Call(Tensor.Zeros(1, 3, 3, 10)));
        Assert.Equal("GG0113: MaxPool2d 'pool' (kernel 2x2, stride 2x2, padding 0x0) on its input [1, 8, 1, 8] gives an output of size 0x4: the window is larger than the padded input", e.Message);
    }

    [Fact]
    public void DeclaredShapeIsCheckedOnTheCall()
    {
        var net = Seeded(() => new LeNet5());
        var e = Assert.Throws<ArgumentException>(() => net.Call(Tensor.Zeros(2, 1, 32, 32)));
        Assert.Contains("input 'x' must have shape [B, 1, 28, 28], but it has shape [2, 1, 32, 32]", e.Message);
    }

    [Fact]
    public void TrainingStepsMatchEager()
    {
        // A few SGD steps through Call and through Forward from the same start reach the same weights.
        var compiled = Seeded(() => new LeNet5());
        var eager = Seeded(() => new LeNet5());
        var generator = new RandomGenerator(3);
        var x = Tensor.Randn([4, 1, 28, 28], generator);
        var target = Tensor.From([1L, 7L, 3L, 0L]);
        var loss = new CrossEntropyLoss();
        var optimizers = new[] { new SGD(compiled.Parameters(), lr: 0.05), new SGD(eager.Parameters(), lr: 0.05) };
        for (int step = 0; step < 3; step++)
        {
            foreach (var o in optimizers) o.ZeroGrad();
            loss.Call(compiled.Call(x), target).Backward();
            loss.Call(eager.Forward(x), target).Backward();
            foreach (var o in optimizers) o.Step();
        }

        foreach (var ((name, a), (_, b)) in compiled.NamedParameters().Zip(eager.NamedParameters()))
            Compare.AssertClose(b, a, name, rtol: 1e-3, atol: 1e-5);
    }
}
