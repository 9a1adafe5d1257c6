using GraphGen.Nn;

namespace GraphGen.Tests.Nn;

/// <summary>Loss behaviour beyond the oracle: extra dimensions, unbatched input, edge values, node names.</summary>
public class LossBehaviourTests
{
    /// <summary>Cross entropy composed from generic ops, the reference for the fused path.</summary>
    private static Tensor ComposedCrossEntropy(Tensor logits2d, long[] targets)
    {
        var logp = logits2d.LogSoftmax(1).ToArray<float>();
        int c = logits2d.Size(1);
        double sum = 0;
        for (int r = 0; r < targets.Length; r++) sum -= logp[r * c + targets[r]];
        return Tensor.Scalar((float)(sum / targets.Length));
    }

    [Fact]
    public void CrossEntropyOverExtraDimensionsEqualsFlattenedRows()
    {
        // (N, C, d) = (2, 3, 4): each (n, d) position is a row of 3 class scores.
        var x = Tensor.Randn([2, 3, 4], new RandomGenerator(1)).RequiresGrad_();
        var t = Tensor.From(new long[,] { { 0, 1, 2, 1 }, { 2, 2, 0, 1 } });
        var loss = F.CrossEntropy(x, t);
        var rows = x.Detach().Transpose(1, 2).Reshape(8, 3).RequiresGrad_();
        var expected = F.CrossEntropy(rows, t.Reshape(8));
        NnOracle.AssertClose(expected, loss, "loss");
        NnOracle.AssertClose(ComposedCrossEntropy(rows.Detach(), t.Reshape(8).ToArray<long>()), loss, "composed");
        loss.Backward();
        expected.Backward();
        NnOracle.AssertClose(rows.Grad!.Reshape(2, 4, 3).Transpose(1, 2), x.Grad!, "grad");
        Assert.Equal([2, 4], F.CrossEntropy(x, t, reduction: Reduction.None).Shape.ToArray());
    }

    [Fact]
    public void UnbatchedCrossEntropyTakesAScalarTarget()
    {
        var x = Tensor.From([1f, 2f, 0.5f]).RequiresGrad_();
        var loss = F.CrossEntropy(x, Tensor.Scalar(1L));
        var p = x.Detach().Softmax(0).ToArray<float>();
        Assert.Equal(-Math.Log(p[1]), loss.Item<double>(), 5);
        Assert.Equal(0, F.CrossEntropy(x, Tensor.Scalar(1L), reduction: Reduction.None).Rank);
        loss.Backward();
        NnOracle.AssertClose(Tensor.From([p[0], p[1] - 1, p[2]]), x.Grad!, "grad");
    }

    [Fact]
    public void AllTargetsIgnoredGivesNaNMeanAndZeroSum()
    {
        var x = Tensor.Randn([2, 3], new RandomGenerator(1));
        var t = Tensor.From([-100L, -100L]);
        Assert.True(double.IsNaN(F.CrossEntropy(x, t).Item<double>()));
        Assert.Equal(0, F.CrossEntropy(x, t, reduction: Reduction.Sum).Item<double>());
    }

    [Fact]
    public void BceClampsLogsAtMinus100ForZeroAndOne()
    {
        var x = Tensor.From([0f, 1f, 0f, 1f]).RequiresGrad_();
        var loss = F.BinaryCrossEntropy(x, Tensor.From([1f, 0f, 0f, 1f]), reduction: Reduction.None);
        Assert.Equal([100f, 100f, 0f, 0f], loss.ToArray<float>());
        loss.Sum().Backward();
        Assert.All(x.Grad!.ToArray<float>(), g => Assert.True(float.IsFinite(g)));
    }

    [Fact]
    public void BceWithLogitsIsFiniteForHugeLogits()
    {
        var x = Tensor.From([1000f, -1000f, 1000f, -1000f]).RequiresGrad_();
        var y = Tensor.From([1f, 0f, 0f, 1f]);
        var loss = F.BinaryCrossEntropyWithLogits(x, y, reduction: Reduction.None);
        Assert.Equal([0f, 0f, 1000f, 1000f], loss.ToArray<float>());
        loss.Sum().Backward();
        Assert.Equal([0f, 0f, 1f, -1f], x.Grad!.ToArray<float>());
    }

    [Fact]
    public void L1IsMeanAbsoluteDifferenceWithSignGradient()
    {
        var x = Tensor.From([1f, -2f, 3f, 0.5f]).RequiresGrad_();
        var t = Tensor.From([0f, 0f, 4f, 0.5f]).RequiresGrad_();
        var loss = new L1Loss().Call(x, t);
        Assert.Equal((1 + 2 + 1 + 0) / 4.0, loss.Item<double>(), 6);
        loss.Backward();
        Assert.Equal([0.25f, -0.25f, -0.25f, 0f], x.Grad!.ToArray<float>());
        Assert.Equal([-0.25f, 0.25f, 0.25f, 0f], t.Grad!.ToArray<float>());
        Assert.Equal(4f, new L1Loss(Reduction.Sum).Call(x, t).Item<float>());
    }

    [Fact]
    public void LossesArePrintedAndNamedLikePyTorch()
    {
        Assert.Equal("CrossEntropyLoss()", new CrossEntropyLoss().ToString());
        Assert.Equal("MSELoss()", new MSELoss().ToString());
        Assert.Equal("BCEWithLogitsLoss()", new BCEWithLogitsLoss().ToString());
        var x = Tensor.Randn([2, 3], new RandomGenerator(1)).RequiresGrad_();
        Assert.Equal("NllLossBackward0", F.CrossEntropy(x, Tensor.From([0L, 2L])).GradFn!.Name);
        Assert.Equal("MseLossBackward0", F.MseLoss(x, Tensor.Zeros(2, 3)).GradFn!.Name);
        // PyTorch keeps class weights as buffers: they are in the state dict
        Assert.Equal(["weight"], new CrossEntropyLoss(Tensor.Ones(3)).StateDict().Keys);
        Assert.Empty(new CrossEntropyLoss().StateDict());
    }
}
