using GraphGen.Nn;

namespace GraphGen.Tests.Nn;

/// <summary>
/// F.MseLoss's float32 path (target without gradient, mean or sum) against the general float64 path, which
/// runs when the target requires a gradient: same loss, same input gradient.
/// </summary>
public class Float32MseLossTests
{
    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    public void InputGradientMatchesTheGeneralPath(Reduction reduction)
    {
        var generator = new RandomGenerator(7);
        var values = Tensor.Randn([5, 7], generator);
        var targetValues = Tensor.Randn([5, 7], generator);

        var fastInput = values.Clone().RequiresGrad_();
        var fast = F.MseLoss(fastInput, targetValues, reduction);
        (fast * 3).Backward();

        var generalInput = values.Clone().RequiresGrad_();
        var general = F.MseLoss(generalInput, targetValues.Clone().RequiresGrad_(), reduction);
        (general * 3).Backward();

        Assert.Equal("MseLossBackward0", fast.GradFn!.Name);
        Assert.Equal(general.Item<float>(), fast.Item<float>());
        var expected = generalInput.Grad!.ToArray<float>();
        var actual = fastInput.Grad!.ToArray<float>();
        // Both round once or twice to float32 in a different order: a few ulps apart at most.
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-6 * Math.Max(1, Math.Abs(expected[i])));
    }

    [Fact]
    public void InputChangedInPlaceAfterTheLossDoesNotChangeItsGradient()
    {
        var input = Tensor.From([1f, 2f, 3f]).RequiresGrad_();
        var loss = F.MseLoss(input, Tensor.Zeros(3), Reduction.Sum);
        using (Autograd.NoGrad()) input.Add_(10.0);
        loss.Backward();
        Assert.Equal([2f, 4f, 6f], input.Grad!.ToArray<float>());
    }

    [Fact]
    public void WithoutGradientRecordsNothing()
    {
        Tensor loss;
        using (Autograd.NoGrad()) loss = F.MseLoss(Tensor.From([1f, 2f]).RequiresGrad_(), Tensor.Zeros(2));
        Assert.Null(loss.GradFn);
        Assert.Equal(2.5f, loss.Item<float>());
    }
}
