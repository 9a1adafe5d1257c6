using GraphGen.Nn;

namespace GraphGen.Tests.Nn;

public class DropoutTests
{
    [Fact]
    public void EvalModeIsTheIdentity()
    {
        var drop = new Dropout(0.5);
        var x = Tensor.Randn([4, 5], new RandomGenerator(1));
        drop.Eval();
        Assert.Same(x, drop.Call(x));
    }

    [Fact]
    public void TrainingZeroesAboutPAndScalesSurvivorsByOneOverOneMinusP()
    {
        const double p = 0.3;
        var drop = new Dropout(p, new RandomGenerator(1234));
        var y = drop.Call(Tensor.Ones(200, 500)).ToArray<float>();
        float scale = (float)(1 / (1 - p));
        Assert.All(y, v => Assert.True(v == 0f || v == scale, $"unexpected value {v}"));
        double zeroFraction = y.Count(v => v == 0f) / (double)y.Length;
        // 100k Bernoulli draws: standard deviation of the fraction ≈ 0.0014; 5 sigma is 0.007.
        Assert.InRange(zeroFraction, p - 0.007, p + 0.007);
        Assert.InRange(y.Average(), 0.98, 1.02); // expectation preserved
    }

    [Fact]
    public void GradientFlowsOnlyThroughKeptElementsWithTheSameScale()
    {
        var x = Tensor.Randn([50, 40], new RandomGenerator(3)).RequiresGrad_();
        var y = F.Dropout(x, 0.5, training: true, new RandomGenerator(9));
        y.Sum().Backward();
        var yv = y.ToArray<float>();
        var xv = x.ToArray<float>();
        var g = x.Grad!.ToArray<float>();
        for (int i = 0; i < yv.Length; i++)
        {
            Assert.Equal(yv[i] == 0 && xv[i] != 0 ? 0f : 2f, g[i]);
            if (g[i] != 0) Assert.Equal(2 * xv[i], yv[i], 5);
        }
    }

    [Fact]
    public void SameSeedSameMask()
    {
        var x = Tensor.Ones(10, 10);
        var a = new Dropout(0.5, new RandomGenerator(5)).Call(x).ToArray<float>();
        var b = new Dropout(0.5, new RandomGenerator(5)).Call(x).ToArray<float>();
        var c = new Dropout(0.5, new RandomGenerator(6)).Call(x).ToArray<float>();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void ExtremeProbabilities()
    {
        var x = Tensor.Randn([3, 3], new RandomGenerator(2));
        Assert.Same(x, new Dropout(0).Call(x));
        Assert.All(new Dropout(1).Call(x).ToArray<float>(), v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ProbabilityOutsideZeroOneIsRejected(double p)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(p));
        Assert.Contains("dropout probability has to be between 0 and 1", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => F.Dropout(Tensor.Ones(2), p));
    }

    [Fact]
    public void OurModuleInEvalIsDeterministicAndInTrainingIsNot()
    {
        var net = new OurModule(2, 3, generator: new RandomGenerator(1));
        var x = Tensor.Randn([64, 2], new RandomGenerator(2));
        net.Eval();
        Assert.Equal(net.Call(x).ToArray<float>(), net.Call(x).ToArray<float>());
        net.Train();
        Assert.NotEqual(net.Call(x).ToArray<float>(), net.Call(x).ToArray<float>());
    }
}
