using GraphGen.Integration.Modules.Contract;
using GraphGen.Integration.Support;

namespace GraphGen.Integration;

/// <summary>
/// Each form issue #4 promises a user can write in a [Module] (Modules/Contract), compiled by the real
/// generator: the compiled Call gives Forward's output and the same gradients for every parameter and input.
/// </summary>
public class ContractTests
{
    private static T Seeded<T>(Func<T> create)
    {
        Tensor.ManualSeed(7);
        return create();
    }

    [Fact]
    public void ActivationLayers()
    {
        var net = Seeded(() => new ActivationLayers());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [9, 5]);
    }

    [Fact]
    public void ActivationFunctions()
    {
        var net = Seeded(() => new ActivationFunctions());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [9, 5]);
    }

    [Fact]
    public void ActivationMethods()
    {
        var net = Seeded(() => new ActivationMethods());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [9, 5]);
    }

    [Fact]
    public void SiluAsLayerFunctionAndMethod()
    {
        var net = Seeded(() => new SiluForms());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [9, 5]);
    }

    [Fact]
    public void ScalingByLiteralsAndConstants()
    {
        var net = Seeded(() => new Scaling());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [7, 6]);
    }

    [Fact]
    public void SumAndMeanWithAndWithoutDims()
    {
        var net = Seeded(() => new Reductions());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [6, 5]);
    }

    [Fact]
    public void SoftmaxAndLogSoftmaxOverEveryDim()
    {
        var net = Seeded(() => new SoftmaxDims());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [5, 4]);
    }

    [Theory]
    [InlineData(new[] { 6, 16 })]
    [InlineData(new[] { 6, 1, 4, 4 })]
    public void ViewBatchByMinusOne(int[] shape)
    {
        var net = Seeded(() => new ViewBatchByMinusOne());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), shape);
    }

    [Fact]
    public void FlattenIdiomsOnImages()
    {
        var net = Seeded(() => new FlattenIdioms());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [3, 16]);
    }

    [Fact]
    public void ViewsBetweenLayers()
    {
        var net = Seeded(() => new ViewsBetweenLayers());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [5, 6]);
    }

    [Fact]
    public void ViewSizesCheckedAtRunTime()
    {
        var net = Seeded(() => new ViewCheckedAtRunTime());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [4, 12]);

        var e = Assert.Throws<ArgumentException>(() => net.Call(Tensor.Randn(4, 10)));
        Assert.Equal("GG0105: 'x.View(x.Size(0), 3, 4)' cannot view a tensor of shape [4, 10] as (4, 3, 4): the element counts differ (40 vs 48)", e.Message);
        Assert.ThrowsAny<Exception>(() => net.Forward(Tensor.Randn(4, 10))); // eager PyTorch semantics fail too
    }

    [Fact]
    public void IndexedSequential()
    {
        var net = Seeded(() => new IndexedSequential());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [6, 4]);
    }

    [Fact]
    public void ChildModuleUsedTwice()
    {
        var net = Seeded(() => new ChildUsedTwice());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [5, 6]);
    }

    [Fact]
    public void DimensionsFromConstsStaticReadonlyAndParameters()
    {
        var net = Seeded(() => new DimensionSources(width: 9, classes: 4));
        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "head.0.weight", "head.0.bias"], net.StateDict().Keys);
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [3, 5]);
    }

    [Fact]
    public void TwoInputChildAndFlattenLayer()
    {
        var net = Seeded(() => new TwoInputChild());
        Compare.CallMatchesForward(net, x => net.Forward(x[0], x[1]), x => net.Call(x[0], x[1]), [4, 3], [4, 5]);
    }

    [Theory]
    [InlineData(new[] { 5, 6 })]
    [InlineData(new[] { 5, 2, 3 })]
    [InlineData(new[] { 3, 4 })] // 12 elements: two rows of 6, as in PyTorch
    public void ViewOfAConstructorParameter(int[] shape)
    {
        var net = Seeded(() => new ViewOfParameter(features: 6, classes: 3));
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), shape);
        var e = Assert.Throws<ArgumentException>(() => net.Call(Tensor.Randn(5, 4)));
        Assert.StartsWith("GG0105: 'images.View(-1, features)' cannot view a tensor of shape [5, 4] as (-1, 6): 20 elements do not divide into rows of 6", e.Message);
    }
}
