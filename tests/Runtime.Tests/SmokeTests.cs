namespace GraphGen.Tests;

public class SmokeTests
{
    [Fact]
    public void GradientOfSumOfProduct()
    {
        var v1 = Tensor.From([1f, 1f]).RequiresGrad_();
        var v2 = Tensor.From([2f, 2f]);
        var vSum = v1 + v2;
        var vRes = (vSum * 2).Sum();
        vRes.Backward();
        Assert.Equal([2f, 2f], v1.Grad!.ToArray<float>());
        Assert.Null(v2.Grad);
        Assert.Equal("SumBackward0", vRes.GradFn!.Name);
    }
}
