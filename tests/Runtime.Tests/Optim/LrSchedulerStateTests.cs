using GraphGen.Optim;

namespace GraphGen.Tests.Optim;

/// <summary>A scheduler restored from its state dict (with the optimizer's) continues exactly where the saved one was.</summary>
public class LrSchedulerStateTests
{
    private static SGD Optimizer() => new([Tensor.Zeros(1).RequiresGrad_()], lr: 0.1);

    [Fact]
    public void RestoredCosineScheduleContinuesBitForBit()
    {
        var original = Optimizer();
        var schedule = new CosineAnnealingLR(original, tMax: 7, etaMin: 0.001);
        for (int i = 0; i < 3; i++) schedule.Step();
        var saved = schedule.StateDict();
        var savedOptimizer = original.StateDict();

        var copy = Optimizer();
        var restored = new CosineAnnealingLR(copy, tMax: 7, etaMin: 0.001);
        copy.LoadStateDict(savedOptimizer);
        restored.LoadStateDict(saved);

        Assert.Equal(3, restored.LastEpoch);
        Assert.Equal(schedule.GetLastLr(), restored.GetLastLr());
        for (int i = 0; i < 10; i++)
        {
            schedule.Step();
            restored.Step();
            Assert.Equal(original.ParamGroups[0].Lr, copy.ParamGroups[0].Lr);
        }
    }

    [Fact]
    public void StateForAnotherNumberOfGroupsIsRefused()
    {
        var schedule = new StepLR(Optimizer(), stepSize: 2);
        var e = Assert.Throws<ArgumentException>(() => schedule.LoadStateDict(new LrSchedulerState(1, [0.1, 0.2], [0.1, 0.2])));
        Assert.StartsWith("StepLR.LoadStateDict: the state has 2 base and 2 last rates but the scheduler has 1 parameter groups.", e.Message);
    }

    [Fact]
    public void NegativeEpochIsRefused()
    {
        var schedule = new StepLR(Optimizer(), stepSize: 2);
        var e = Assert.Throws<ArgumentException>(() => schedule.LoadStateDict(new LrSchedulerState(-1, [0.1], [0.1])));
        Assert.StartsWith("StepLR.LoadStateDict: last epoch -1 is negative; expected 0 or more.", e.Message);
    }
}
