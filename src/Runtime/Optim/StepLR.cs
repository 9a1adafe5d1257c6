namespace GraphGen.Optim;

/// <summary>Multiplies each group's learning rate by <c>gamma</c> every <c>stepSize</c> epochs (PyTorch's <c>StepLR</c>): lr = base·gamma^⌊epoch/stepSize⌋.</summary>
// Primary-constructor initializers run before the base constructor, whose first Step reads them.
public sealed class StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1) : LrScheduler(optimizer)
{
    public int StepSize { get; } = stepSize > 0 ? stepSize
        : throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "StepLR: stepSize must be a positive number of epochs.");

    public double Gamma { get; } = gamma >= 0 ? gamma
        : throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "StepLR: gamma must be >= 0.");

    protected override double ComputeLr(int group, double currentLr)
        => LastEpoch == 0 || LastEpoch % StepSize != 0 ? currentLr : currentLr * Gamma;
}
