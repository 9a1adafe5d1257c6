namespace GraphGen.Optim;

/// <summary>Multiplies each group's learning rate by <c>gamma</c> every epoch (PyTorch's <c>ExponentialLR</c>): lr = base·gamma^epoch.</summary>
// Primary-constructor initializers run before the base constructor, whose first Step reads them.
public sealed class ExponentialLR(Optimizer optimizer, double gamma) : LrScheduler(optimizer)
{
    public double Gamma { get; } = gamma >= 0 ? gamma
        : throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "ExponentialLR: gamma must be >= 0.");

    protected override double ComputeLr(int group, double currentLr) => LastEpoch == 0 ? currentLr : currentLr * Gamma;
}
