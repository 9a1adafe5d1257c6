namespace GraphGen.Tests.Validation;

/// <summary>
/// Autograd.DetectAnomaly as PyTorch's detect_anomaly: a NaN or infinite gradient stops backward at the node
/// that produced it, naming the backward op, the output index and where the forward op was called.
/// </summary>
public class DetectAnomalyTests
{
    [Fact]
    public void NaNFromLogBackwardIsNamedWithItsForwardCallSite()
    {
        var x = Tensor.From([0f, 1f]).RequiresGrad_();
        using (Autograd.DetectAnomaly())
        {
            Assert.True(Autograd.IsAnomalyEnabled);
            var y = (x.Log() * 0.0).Sum(); // LogBackward0 computes 0 / x, which is 0/0 = nan at x = 0
            var e = Expect.Throws<InvalidOperationException>(() => y.Backward(),
                "Function 'LogBackward0' returned nan values in its 0th output.", "forward op Log", nameof(NaNFromLogBackwardIsNamedWithItsForwardCallSite));
            Assert.Contains(nameof(DetectAnomalyTests), e.Message);
        }
        Assert.False(Autograd.IsAnomalyEnabled);
    }

    [Fact]
    public void InfinityIsReportedByTheOpThatProducedIt()
    {
        var x = Tensor.From([0f, 4f]).RequiresGrad_();
        using var _ = Autograd.DetectAnomaly();
        var y = x.Sqrt().Sum();
        Expect.Throws<InvalidOperationException>(() => y.Backward(), "Function 'SqrtBackward0' returned inf values in its 0th output.", "forward op Sqrt");
    }

    [Fact]
    public void WithoutTheScopeBackwardStaysSilentAsInPyTorch()
    {
        var x = Tensor.From([0f, 4f]).RequiresGrad_();
        x.Sqrt().Sum().Backward();
        Assert.True(float.IsPositiveInfinity(x.Grad!.ToArray<float>()[0]));
        Assert.Null(x.Sqrt().GradFn!.CreationSite);
    }

    [Fact]
    public void FiniteGradientsPassAndTheScopeNests()
    {
        var x = Tensor.From([1f, 2f]).RequiresGrad_();
        using (Autograd.DetectAnomaly())
        {
            using (Autograd.DetectAnomaly()) { }
            Assert.True(Autograd.IsAnomalyEnabled);
            var y = (x * x).Sum();
            Assert.Contains(nameof(FiniteGradientsPassAndTheScopeNests), y.GradFn!.CreationSite);
            y.Backward();
        }
        Assert.Equal([2f, 4f], x.Grad!.ToArray<float>());
    }

    [Fact]
    public void AGraphRecordedOutsideTheScopeSaysSo()
    {
        var x = Tensor.From([-1f]).RequiresGrad_();
        var y = x.Sqrt().Sum(); // recorded without anomaly mode: no creation site
        using var _ = Autograd.DetectAnomaly();
        Expect.Throws<InvalidOperationException>(() => y.Backward(), "SqrtBackward0", "nan", "recorded outside DetectAnomaly");
    }
}
