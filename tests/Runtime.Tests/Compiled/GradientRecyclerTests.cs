using GraphGen.Compiled;

namespace GraphGen.Tests.Compiled;

/// <summary>GradientTarget reuses a cleared gradient's array only when no caller can still see it.</summary>
public class GradientRecyclerTests
{
    private static float[] ArrayOf(Tensor t) => (float[])((CpuStorage)t.Storage).Data;

    private static Tensor Parameter() => Tensor.Randn([3, 4]).RequiresGrad_();

    private static float[] WriteGradient(Tensor parameter, float value)
    {
        var target = GradientTarget.For(parameter);
        Assert.Equal(0f, target.Beta);
        target.Span.Fill(value);
        return ArrayOf(target.Target!);
    }

    [Fact]
    public void AClearedGradientNoCallerReadIsReusedForTheNextOne()
    {
        var p = Parameter();
        var first = WriteGradient(p, 1f);
        p.Grad = null;
        var second = WriteGradient(p, 2f);
        Assert.Same(first, second);
    }

    [Fact]
    public void AGradientReadThroughGradIsNeverReused()
    {
        var p = Parameter();
        var first = WriteGradient(p, 1f);
        var held = p.Grad!;
        p.Grad = null;
        var second = WriteGradient(p, 2f);
        Assert.NotSame(first, second);
        Assert.All(held.ToArray<float>(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void AssigningTheSameGradientAgainKeepsIt()
    {
        var p = Parameter();
        var first = WriteGradient(p, 1f);
        var grad = p.GradUnobserved!;
        p.Grad = grad;          // the setter with the current value: nothing to reclaim
        p.Grad = null;
        Assert.Same(first, WriteGradient(p, 2f));
    }

    [Fact]
    public void AnExistingGradientIsAccumulatedIntoNotReplaced()
    {
        var p = Parameter();
        var first = WriteGradient(p, 1f);
        var target = GradientTarget.For(p);
        Assert.Equal(1f, target.Beta);
        Assert.Same(first, ArrayOf(target.Target!));
    }

    [Fact]
    public void ASpareArrayBelongsToItsOwnParameterOnly()
    {
        var p = Parameter();
        var q = Parameter();
        var fromP = WriteGradient(p, 1f);
        p.Grad = null;
        Assert.NotSame(fromP, WriteGradient(q, 2f));
        Assert.Same(fromP, WriteGradient(p, 3f));
    }
}
