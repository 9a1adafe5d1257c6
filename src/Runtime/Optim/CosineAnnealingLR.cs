namespace GraphGen.Optim;

/// <summary>
/// Cosine annealing from each group's initial rate down to <c>etaMin</c> over <c>tMax</c> epochs, then back up
/// (PyTorch's <c>CosineAnnealingLR</c>, without restarts): lr = etaMin + (base - etaMin)·(1 + cos(π·epoch/tMax))/2.
/// </summary>
// Primary-constructor initializers run before the base constructor, whose first Step reads them.
public sealed class CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0) : LrScheduler(optimizer)
{
    public int TMax { get; } = tMax > 0 ? tMax
        : throw new ArgumentOutOfRangeException(nameof(tMax), tMax, "CosineAnnealingLR: tMax must be a positive number of epochs.");

    public double EtaMin { get; } = etaMin >= 0 ? etaMin
        : throw new ArgumentOutOfRangeException(nameof(etaMin), etaMin, "CosineAnnealingLR: etaMin must be >= 0.");

    protected override double ComputeLr(int group, double currentLr)
    {
        int epoch = LastEpoch;
        if (epoch == 0) return currentLr;
        // Python's % is non-negative; this branch handles the turn at the bottom of the cosine (epoch = tMax+1, 3tMax+1, …).
        int period = 2 * TMax;
        if ((((epoch - 1 - TMax) % period) + period) % period == 0)
            return currentLr + (BaseLrs[group] - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2;
        return (1 + Math.Cos(Math.PI * epoch / TMax)) / (1 + Math.Cos(Math.PI * (epoch - 1) / TMax)) * (currentLr - EtaMin) + EtaMin;
    }
}
