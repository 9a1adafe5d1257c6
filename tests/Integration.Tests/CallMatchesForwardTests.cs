using GraphGen.Integration.Modules;
using GraphGen.Integration.Support;
using GraphGen.Nn;

namespace GraphGen.Integration;

/// <summary>
/// Modules compiled by the real generator: the compiled Call gives Forward's outputs and, after one
/// backward, the same gradient for every parameter and every input.
/// </summary>
public class CallMatchesForwardTests
{
    private static T Seeded<T>(Func<T> create)
    {
        Tensor.ManualSeed(2024);
        return create();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OurModule(bool training)
    {
        var net = Seeded(() => new OurModule(numInputs: 2, numClasses: 3));
        net.Train(training);
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [32, 2]);
    }

    [Fact]
    public void OneHiddenLayer()
    {
        var net = Seeded(() => new Mlp1(7, 13, 5));
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [9, 7]);
    }

    [Fact]
    public void TwoHiddenLayersWithTanhAndSigmoid()
    {
        var net = Seeded(() => new Mlp2());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [11, 6]);
    }

    [Fact]
    public void ThreeHiddenLayersWithLeakyReluGeluAndLogSoftmax()
    {
        var net = Seeded(() => new Mlp3(10, 24, 4));
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [8, 10]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(33)]
    public void SmallConstantWidthsGetSpecialisedKernels(int batch)
    {
        var odd = Seeded(() => new OddWidthMlp());
        Compare.CallMatchesForward(odd, x => odd.Forward(x[0]), x => odd.Call(x[0]), [batch, 1]);
        var boundary = Seeded(() => new SmallLinearBoundary());
        Compare.CallMatchesForward(boundary, x => boundary.Forward(x[0]), x => boundary.Call(x[0]), [batch, 16]);
    }

    [Fact]
    public void ResidualBlock()
    {
        var net = Seeded(() => new ResidualBlock(12));
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [5, 12]);
    }

    [Fact]
    public void TwoInputs()
    {
        var net = Seeded(() => new TwoInputModule(3, 5, 8));
        Compare.CallMatchesForward(net, x => net.Forward(x[0], x[1]), x => net.Call(x[0], x[1]), [6, 3], [6, 5]);
    }

    [Fact]
    public void NestedModules()
    {
        var net = Seeded(() => new NestedModule(6, 10, 4));
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [7, 6]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ViewFlattenDropoutSoftmax(bool training)
    {
        var net = Seeded(() => new ImageNet());
        net.Train(training);
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [5, 16]);
    }

    [Fact]
    public void ReductionsAndBroadcasting()
    {
        var net = Seeded(() => new ScoreModule());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [6, 5]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    public void BatchSizesShareNothingAcrossCalls(int batch)
    {
        var net = Seeded(() => new OracleMlp3(4, 8, 6, 3));
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [batch, 4]);
    }

    [Fact]
    public void NoParameters()
    {
        var net = new ParameterFree();
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [4, 9]);
    }

    [Fact]
    public void IdentityOnly()
    {
        var net = new Passthrough();
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [3, 2]);
    }

    [Fact]
    public void OneLayerUsedTwice()
    {
        var net = Seeded(() => new SharedLayer());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [6, 5]);
    }

    [Fact]
    public void SequentialsInSequentialsAndAModuleInASequential()
    {
        var net = Seeded(() => new NestedSequential());
        Assert.Equal(["pipe.0.0.weight", "pipe.0.0.bias", "pipe.1.fc1.weight", "pipe.1.fc1.bias", "pipe.1.fc2.weight", "pipe.1.fc2.bias", "pipe.2.0.weight", "pipe.2.0.bias"],
            net.StateDict().Keys);
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [4, 3]);
    }

    [Fact]
    public void EluLayerAndFunction()
    {
        var net = Seeded(() => new EluMlp(0.7));
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [8, 5]);
    }
}
