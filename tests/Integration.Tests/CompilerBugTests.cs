using GraphGen.Integration.Modules.Regressions;
using GraphGen.Integration.Support;

namespace GraphGen.Integration;

/// <summary>
/// The modules a differential test of random modules found failing (issue #17, Modules/Regressions): each now
/// builds, and its compiled Call gives Forward's output and gradients, also on the inputs that used to throw.
/// </summary>
public class CompilerBugTests
{
    private static T Seeded<T>(Func<T> create)
    {
        Tensor.ManualSeed(17);
        return create();
    }

    [Fact]
    public void AChainOfSixOperands()
    {
        var net = Seeded(() => new SixOperands());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [5, 4]);
    }

    [Fact]
    public void AChainOfTwelveOperands()
    {
        var net = Seeded(() => new TwelveOperands());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [4, 3]);
    }

    [Fact]
    public void AStaticReadOnlyConstantInASizeProduct()
    {
        var net = Seeded(() => new StaticReadOnlyInSizeProduct());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [4, 5]);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(2)]
    public void AMinusOneThatDependsOnAConstructorParameter(int hidden)
    {
        var net = Seeded(() => new CtorParamSplitByMinusOne(hidden));
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [3, 6]);
    }

    [Fact]
    public void AMinusOneThatDoesNotDivideIsReportedAtFirstUseAndOnCall()
    {
        var net = Seeded(() => new CtorParamSplitByMinusOne(hidden: 7));
        var e = Assert.Throws<ArgumentException>(() => net.Parameters().ToList());
        Assert.Equal("GG0105: 'h.View(h.Size(0), 2, -1)' cannot view a tensor of shape [B, 7] as (B, 2, -1): B*7 elements do not divide into rows of 2*B", e.Message);

        var fresh = Seeded(() => new CtorParamSplitByMinusOne(hidden: 7));
        e = Assert.Throws<ArgumentException>(() => fresh.Call(Tensor.Randn(3, 6)));
        Assert.Equal("GG0105: 'h.View(h.Size(0), 2, -1)' cannot view a tensor of shape [3, 7] as (3, 2, -1): 21 elements do not divide into rows of 6", e.Message);
        Assert.ThrowsAny<Exception>(() => fresh.Forward(Tensor.Randn(3, 6))); // PyTorch's view fails too
    }

    [Theory]
    [InlineData(4, 9)]
    [InlineData(2, 3)]
    [InlineData(3, 12)]
    public void AMinusOneOnAnInputFoldsRowsAsInPyTorch(int rows, int features)
    {
        var net = Seeded(() => new InputRowsByMinusOne());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [rows, features]);
    }

    [Fact]
    public void AMinusOneOnAnInputThatDoesNotDivideThrowsWithTheActualSizes()
    {
        var net = new InputRowsByMinusOne();
        var e = Assert.Throws<ArgumentException>(() => net.Call(Tensor.Randn(2, 5)));
        Assert.Equal("GG0105: 'x.View(-1, 3)' cannot view a tensor of shape [2, 5] as (-1, 3): 10 elements do not divide into rows of 3", e.Message);
        Assert.ThrowsAny<Exception>(() => net.Forward(Tensor.Randn(2, 5)));
    }

    [Fact]
    public void AFoldedInputFeedsALinear()
    {
        var net = Seeded(() => new InputRowsIntoLinear());
        Compare.CallMatchesForward(net, x => net.Forward(x[0]), x => net.Call(x[0]), [5, 9]);
        Assert.ThrowsAny<ArgumentException>(() => net.Call(Tensor.Randn(5, 6)));
        Assert.ThrowsAny<Exception>(() => net.Forward(Tensor.Randn(5, 6)));
    }
}
