using GraphGen.Nn;

namespace GraphGen.Tests.Nn;

/// <summary>The CNN layers as a PyTorch user meets them: reprs, state-dict keys, shapes, train vs eval, grad_fn names.</summary>
public class ConvLayerTests
{
    public static TheoryData<Func<Module>, string> Reprs() => new()
    {
        { () => new Conv2d(1, 6, 5), "Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))" },
        { () => new Conv2d(3, 8, (3, 2), stride: 2, padding: 1, dilation: 2, bias: false), "Conv2d(3, 8, kernel_size=(3, 2), stride=(2, 2), padding=(1, 1), dilation=(2, 2), bias=False)" },
        { () => new Conv2d(4, 4, 3, padding: "same", groups: 4), "Conv2d(4, 4, kernel_size=(3, 3), stride=(1, 1), padding=same, groups=4)" },
        { () => new Conv2d(4, 4, 3, padding: "valid"), "Conv2d(4, 4, kernel_size=(3, 3), stride=(1, 1), padding=valid)" },
        { () => new Conv1d(3, 4, 3), "Conv1d(3, 4, kernel_size=(3,), stride=(1,))" },
        { () => new Conv1d(3, 4, 3, stride: 2, padding: 1), "Conv1d(3, 4, kernel_size=(3,), stride=(2,), padding=(1,))" },
        { () => new MaxPool2d(2), "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)" },
        { () => new MaxPool2d((3, 3), stride: 2, padding: 1, ceilMode: true), "MaxPool2d(kernel_size=(3, 3), stride=2, padding=1, dilation=1, ceil_mode=True)" },
        { () => new AvgPool2d(2), "AvgPool2d(kernel_size=2, stride=2, padding=0)" },
        { () => new AdaptiveAvgPool2d(1), "AdaptiveAvgPool2d(output_size=1)" },
        { () => new AdaptiveAvgPool2d((2, 3)), "AdaptiveAvgPool2d(output_size=(2, 3))" },
        { () => new BatchNorm2d(16), "BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)" },
        { () => new BatchNorm1d(8, momentum: null, affine: false), "BatchNorm1d(8, eps=1e-05, momentum=None, affine=False, track_running_stats=True)" },
        { () => new LayerNorm(10), "LayerNorm((10,), eps=1e-05, elementwise_affine=True)" },
        { () => new LayerNorm([4, 5], eps: 1e-6), "LayerNorm((4, 5), eps=1e-06, elementwise_affine=True)" },
        { () => new Embedding(10, 3), "Embedding(10, 3)" },
        { () => new Embedding(10, 3, paddingIdx: -1), "Embedding(10, 3, padding_idx=9)" },
    };

    [Theory]
    [MemberData(nameof(Reprs))]
    public void PrintsAsPyTorch(Func<Module> create, string expected) => Assert.Equal(expected, create().ToString());

    [Fact]
    public void StateDictHasPyTorchKeysIncludingBatchNormBuffers()
    {
        var net = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2), new LayerNorm(4), new Embedding(5, 2));
        Assert.Equal(
            ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "2.weight", "2.bias", "3.weight"],
            net.StateDict().Keys);
        var tracked = net.StateDict()["1.num_batches_tracked"];
        Assert.Equal(DType.Int64, tracked.DType);
        Assert.Equal(0, tracked.Rank);
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias", "3.weight"], net.NamedParameters().Select(p => p.Name));
        Assert.Equal([2, 1, 3, 3], net.StateDict()["0.weight"].Shape.ToArray());
    }

    [Fact]
    public void ConvolutionInitialisationIsPyTorchsKaimingUniformBound()
    {
        var conv = new Conv2d(4, 8, 3, groups: 2, generator: new RandomGenerator(1));
        double bound = 1 / Math.Sqrt(2 * 3 * 3);
        Assert.All(conv.Weight.ToArray<float>(), v => Assert.InRange(v, -bound, bound));
        Assert.Contains(conv.Weight.ToArray<float>(), v => Math.Abs(v) > bound / 2);
        Assert.Equal([8, 2, 3, 3], conv.Weight.Shape.ToArray());
    }

    [Fact]
    public void OutputShapesFollowPyTorchsFormulas()
    {
        var x = Tensor.Randn(2, 3, 28, 28);
        Assert.Equal([2, 6, 24, 24], new Conv2d(3, 6, 5).Call(x).Shape.ToArray());
        Assert.Equal([2, 6, 14, 14], new Conv2d(3, 6, 3, stride: 2, padding: 1).Call(x).Shape.ToArray());
        Assert.Equal([2, 6, 28, 28], new Conv2d(3, 6, 4, padding: "same").Call(x).Shape.ToArray());
        Assert.Equal([2, 3, 14, 14], new MaxPool2d(2).Call(x).Shape.ToArray());
        Assert.Equal([2, 3, 10, 10], new MaxPool2d(3, ceilMode: true).Call(x).Shape.ToArray());
        Assert.Equal([2, 3, 9, 9], new MaxPool2d(3).Call(x).Shape.ToArray());
        Assert.Equal([2, 3, 1, 1], new AdaptiveAvgPool2d(1).Call(x).Shape.ToArray());
        Assert.Equal([3, 26, 26], new Conv2d(3, 3, 3).Call(x[0]).Shape.ToArray());
        Assert.Equal([2, 4, 7], new Conv1d(3, 4, 3).Call(Tensor.Randn(2, 3, 9)).Shape.ToArray());
        Assert.Equal([2, 5, 4], new Embedding(7, 4).Call(Tensor.From(new long[] { 1, 2, 3, 4, 5, 6, 0, 1, 2, 3 }).Reshape(2, 5)).Shape.ToArray());
    }

    [Fact]
    public void GradFnNamesAreLibtorchs()
    {
        var x = Tensor.Randn(2, 3, 6, 6).RequiresGrad_();
        Assert.Equal("ConvolutionBackward0", new Conv2d(3, 4, 3).Call(x).GradFn!.Name);
        Assert.Equal("ConvolutionBackward0", new Conv1d(3, 4, 3).Call(x.Flatten(2)).GradFn!.Name);
        Assert.Equal("MaxPool2DWithIndicesBackward0", F.MaxPool2d(x, 2).GradFn!.Name);
        Assert.Equal("AvgPool2DBackward0", F.AvgPool2d(x, 2).GradFn!.Name);
        Assert.Equal("MeanBackward1", F.AdaptiveAvgPool2d(x, 1).GradFn!.Name);
        Assert.Equal("AdaptiveAvgPool2DBackward0", F.AdaptiveAvgPool2d(x, 2).GradFn!.Name);
        Assert.Equal("NativeBatchNormBackward0", new BatchNorm2d(3).Call(x).GradFn!.Name);
        Assert.Equal("NativeLayerNormBackward0", new LayerNorm(6).Call(x).GradFn!.Name);
        Assert.Equal("EmbeddingBackward0", new Embedding(4, 2).Call(Tensor.From(new long[] { 0, 3 })).GradFn!.Name);
        Assert.Equal("CatBackward0", Tensor.Cat([x, x], 1).GradFn!.Name);
    }

    [Fact]
    public void BatchNormTrainingUpdatesRunningStatsAndEvalUsesThem()
    {
        var bn = new BatchNorm2d(2);
        var x = Tensor.Randn([4, 2, 3, 3], new RandomGenerator(3)) * 2 + 1;
        var y = bn.Call(x);
        var batchMean = x.Mean([0, 2, 3]).ToArray<float>();
        var unbiasedVar = ((x - x.Mean([0, 2, 3], keepDim: true)).Pow(2).Sum([0, 2, 3]) / 35).ToArray<float>();
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(0.1f * batchMean[c], bn.RunningMean!.ToArray<float>()[c], 5);
            Assert.Equal(0.9f + 0.1f * unbiasedVar[c], bn.RunningVar!.ToArray<float>()[c], 5);
        }
        Assert.Equal(1L, bn.NumBatchesTracked!.Item<long>());
        // Training normalises with the batch's own statistics: every channel has mean 0 and variance 1.
        Assert.All(y.Mean([0, 2, 3]).ToArray<float>(), m => Assert.Equal(0f, m, 5));

        bn.Eval();
        var before = bn.RunningMean!.ToArray<float>();
        var z = bn.Call(x);
        Assert.Equal(before, bn.RunningMean!.ToArray<float>());
        Assert.Equal(1L, bn.NumBatchesTracked!.Item<long>());
        var expected = (x - bn.RunningMean!.Reshape(1, 2, 1, 1)) / (bn.RunningVar!.Reshape(1, 2, 1, 1) + 1e-5).Sqrt();
        NnOracle.AssertClose(expected, z, "eval output", rtol: 1e-5, atol: 1e-5);
    }

    [Fact]
    public void BatchNormWithoutMomentumKeepsTheCumulativeAverage()
    {
        var bn = new BatchNorm1d(3, momentum: null);
        var a = Tensor.Randn([5, 3], new RandomGenerator(4));
        var b = Tensor.Randn([5, 3], new RandomGenerator(5)) + 3;
        bn.Call(a);
        bn.Call(b);
        var expected = ((a.Mean(0) + b.Mean(0)) / 2).ToArray<float>();
        var actual = bn.RunningMean!.ToArray<float>();
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], actual[i], 5);
        Assert.Equal(2L, bn.NumBatchesTracked!.Item<long>());
    }

    [Fact]
    public void BatchNormStateDictRoundTrips()
    {
        var trained = new BatchNorm2d(2);
        trained.Call(Tensor.Randn([3, 2, 2, 2], new RandomGenerator(6)));
        var fresh = new BatchNorm2d(2);
        fresh.LoadStateDict(trained.StateDict());
        Assert.Equal(trained.RunningVar!.ToArray<float>(), fresh.RunningVar!.ToArray<float>());
        Assert.Equal(1L, fresh.NumBatchesTracked!.Item<long>());
    }

    [Fact]
    public void EmbeddingZeroesItsPaddingRow()
    {
        var e = new Embedding(6, 4, paddingIdx: 2, generator: new RandomGenerator(7));
        Assert.All(e.Weight.Select(0, 2).ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.Contains(e.Weight.Select(0, 1).ToArray<float>(), v => v != 0);
    }

    [Fact]
    public void LeNetTrainsEagerly()
    {
        Tensor.ManualSeed(8);
        var net = new Sequential(
            new Conv2d(1, 4, 3, padding: 1), new ReLU(), new MaxPool2d(2),
            new Conv2d(4, 8, 3), new BatchNorm2d(8), new ReLU(), new AdaptiveAvgPool2d(1), new Flatten(), new Linear(8, 3));
        var x = Tensor.Randn(12, 1, 8, 8);
        var target = Tensor.From(Enumerable.Range(0, 12).Select(i => (long)(i % 3)).ToArray());
        var opt = new GraphGen.Optim.Adam(net.Parameters(), lr: 0.05);
        float first = 0, last = 0;
        for (int step = 0; step < 30; step++)
        {
            var loss = F.CrossEntropy(net.Call(x), target);
            if (step == 0) first = loss.Item<float>();
            last = loss.Item<float>();
            opt.ZeroGrad();
            loss.Backward();
            opt.Step();
        }
        Assert.True(last < first * 0.5, $"the loss went from {first} to {last}: it should at least halve in 30 Adam steps on 12 samples.");
    }
}
