using GraphGen.Optim;

namespace GraphGen.Tests.Optim;

/// <summary>The recursive (chainable) scheduler forms against PyTorch's closed forms, epoch by epoch.</summary>
public class LrSchedulerTests
{
    private static SGD TwoGroups() => new([new ParamGroup([Tensor.Zeros(1).RequiresGrad_()]), new ParamGroup([Tensor.Zeros(1).RequiresGrad_()]) { Lr = 0.5 }], lr: 0.1);

    private static void Follow(LrScheduler s, Func<double, int, double> closedForm, int epochs = 40)
    {
        double[] bases = [0.1, 0.5];
        for (int epoch = 0; epoch <= epochs; epoch++)
        {
            Assert.Equal(epoch, s.LastEpoch);
            var last = s.GetLastLr();
            for (int g = 0; g < 2; g++)
            {
                double expected = closedForm(bases[g], epoch);
                Assert.True(Math.Abs(last[g] - expected) <= 1e-12 + 1e-9 * Math.Abs(expected), $"epoch {epoch} group {g}: expected {expected}, got {last[g]}");
                Assert.Equal(last[g], s.Optimizer.ParamGroups[g].Lr);
            }
            s.Optimizer.Step();
            s.Step();
        }
    }

    [Fact]
    public void StepLRDecaysEveryStepSizeEpochs()
        => Follow(new StepLR(TwoGroups(), stepSize: 3, gamma: 0.5), (b, e) => b * Math.Pow(0.5, e / 3));

    [Fact]
    public void ExponentialLRDecaysEveryEpoch()
        => Follow(new ExponentialLR(TwoGroups(), gamma: 0.9), (b, e) => b * Math.Pow(0.9, e));

    [Fact]
    public void CosineAnnealingFollowsTheCosineDownAndBackUp()
    {
        const int tMax = 10;
        const double etaMin = 0.001;
        // 40 epochs crosses two minima (10, 30) and a maximum (20), exercising the turn branch.
        Follow(new CosineAnnealingLR(TwoGroups(), tMax, etaMin), (b, e) => etaMin + (b - etaMin) * (1 + Math.Cos(Math.PI * e / tMax)) / 2);
    }

    [Fact]
    public void SchedulerRecordsInitialLrAndKeepsIt()
    {
        var opt = TwoGroups();
        var s = new ExponentialLR(opt, 0.5);
        s.Step();
        Assert.Equal(0.1, opt.ParamGroups[0].InitialLr);
        Assert.Equal(0.05, opt.ParamGroups[0].Lr, 12);
        Assert.Equal(0.1, opt.ParamGroups[0].InitialLr);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Contains("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(TwoGroups(), 0)).Message);
        Assert.Contains("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialLR(TwoGroups(), -1)).Message);
        Assert.Contains("tMax", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingLR(TwoGroups(), 0)).Message);
    }
}
