using GraphGen.Compiled;
using GraphGen.Nn;
using Xunit;

namespace GraphGen.Tests.Compiled;

/// <summary>
/// The folded weights are W·γ/√(running_var + ε) and the folded bias (b − running_mean)·γ/√(running_var + ε) + β, with
/// γ = 1, β = 0 without affine and b = 0 without a conv bias; a fold only applies in eval, with running statistics and
/// autograd off.
/// </summary>
public class ConvBatchNormFoldTests
{
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void FoldedWeightsAndBiasAreTheFormula(bool convBias, bool affine)
    {
        var weight = Tensor.From(new float[] { 1, -2, 3, 4, 0.5f, -1 }).View(2, 1, 1, 3);
        var bias = convBias ? Tensor.From(new float[] { 0.25f, -0.5f }) : null;
        var norm = new BatchNorm2d(2, eps: 0.5, affine: affine);
        norm.RunningMean!.AsSpan<float>()[0] = 1.5f;
        norm.RunningMean!.AsSpan<float>()[1] = -2f;
        norm.RunningVar!.AsSpan<float>()[0] = 0.5f;
        norm.RunningVar!.AsSpan<float>()[1] = 3.5f;
        if (affine)
        {
            norm.Weight!.AsSpan<float>()[0] = 2f;
            norm.Weight!.AsSpan<float>()[1] = -0.5f;
            norm.Bias!.AsSpan<float>()[0] = 0.75f;
            norm.Bias!.AsSpan<float>()[1] = 1f;
        }

        var fold = new ConvBatchNormFold();
        fold.Fold(weight, bias, norm);

        // ε = 0.5 makes √(var + ε) 1 and 2: a fold without ε would give 1/√0.5 and 1/√3.5.
        double[] scale = affine ? [2.0 / 1, -0.5 / 2] : [1.0, 0.5];
        double[] shift = affine ? [0.75, 1] : [0, 0];
        double[] b = convBias ? [0.25, -0.5] : [0, 0];
        double[] mean = [1.5, -2];
        var w = weight.ToArray<float>();
        var expected = w.Select((v, i) => (float)(v * scale[i / 3])).ToArray();
        Assert.Equal(new[] { 2, 1, 1, 3 }, fold.Weight.Shape.ToArray());
        Assert.Equal(expected, fold.Weight.ToArray<float>());
        Assert.Equal(new[] { (float)((b[0] - mean[0]) * scale[0] + shift[0]), (float)((b[1] - mean[1]) * scale[1] + shift[1]) }, fold.Bias.ToArray<float>());
    }

    [Fact]
    public void AppliesOnlyInEvalWithRunningStatisticsAndNoAutograd()
    {
        var norm = new BatchNorm2d(3);
        Assert.False(ConvBatchNormFold.Applies(norm)); // training
        norm.Eval();
        Assert.False(ConvBatchNormFold.Applies(norm)); // autograd on: a backward may read the unfolded values
        using (Autograd.NoGrad())
        {
            Assert.True(ConvBatchNormFold.Applies(norm));
            var untracked = new BatchNorm2d(3, trackRunningStats: false);
            untracked.Eval();
            Assert.False(ConvBatchNormFold.Applies(untracked)); // eval without running statistics uses the batch's
        }
    }
}
