using GraphGen.Integration.Modules;
using GraphGen.Integration.Modules.Contract;
using GraphGen.Integration.Support;
using GraphGen.Nn;

namespace GraphGen.Integration;

/// <summary>
/// A compiled Call takes what PyTorch's layers take, [*, features]: no batch dimension, or several leading ones
/// (run flattened into one batch and restored), with Forward's outputs and gradients, on the compiled code.
/// </summary>
public class InputRankTests
{
    private static T Seeded<T>(Func<T> create)
    {
        Tensor.ManualSeed(2024);
        return create();
    }

    /// <summary>The name of the compiled node under the output, looking through the squeeze or reshape around it.</summary>
    private static string? CompiledNodeOf(Tensor output)
    {
        var node = output.GradFn;
        while (node?.Name is "SqueezeBackward1" or "ViewBackward0" or "ReshapeAlias") node = node.NextFunctions[0];
        return node?.Name;
    }

    [Fact]
    public void TheLecturesModuleRunsCompiledOnItsVector()
    {
        var net = Seeded(() => new LectureModule(numInputs: 2, numClasses: 3));
        var y = net.Call(Tensor.From([2f, 3f]));
        Assert.Equal(new Shape(3), y.Shape);
        Assert.Equal("LectureModuleBackward", CompiledNodeOf(y));
        Assert.Equal(1f, y.Sum().Item<float>(), 5);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheLecturesModuleMatchesForwardOnAVectorAndABatch(bool training)
    {
        var net = Seeded(() => new LectureModule(numInputs: 2, numClasses: 3));
        net.Train(training);
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [2]);
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [16, 2]);
    }

    [Fact]
    public void TheImplicitSoftmaxDimOfA3DInputIsPyTorchsDim0ThroughTheEagerForward()
    {
        var net = Seeded(() => new LectureModule(numInputs: 2, numClasses: 3));
        net.Eval();
        var x = Tensor.Randn([4, 3, 2], new RandomGenerator(3));
        var y = net.Call(x);
        Assert.Equal(new Shape(4, 3, 3), y.Shape);
        Compare.AssertClose(net.Forward(x), y, "3-D output");
        Compare.AssertClose(Tensor.Ones(3, 3), y.Sum(0), "sums over dim 0");
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [4, 3, 2]);
    }

    [Fact]
    public void ImplicitSoftmaxDimsResolveFromTheRankAtBuildTime()
    {
        var net = Seeded(() => new ImplicitSoftmaxDims());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [5, 4]);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 7 })]
    [InlineData(new[] { 2, 1, 3, 7 })]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 0, 3, 7 })]
    public void LeadingDimsRunCompiledAndGiveForwardsOutputsAndGradients(int[] shape)
    {
        var net = Seeded(() => new Mlp1(7, 13, 5));
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), shape);
        var y = net.Call(Tensor.Randn(shape, new RandomGenerator(9)).RequiresGrad_());
        Assert.Equal(new Shape([.. shape[..^1], 5]), y.Shape);
        Assert.Equal("Mlp1Backward", CompiledNodeOf(y));
    }

}
