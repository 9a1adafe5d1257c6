namespace GraphGen.Trainer;

/// <summary>The curves of a run: every step's loss and every epoch's summary (what the PNG draws).</summary>
public sealed class TrainingHistory
{
    private readonly List<double> _stepLosses = [];
    private readonly List<EpochSummary> _epochs = [];

    public TrainingHistory(int batchesPerEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchesPerEpoch);
        BatchesPerEpoch = batchesPerEpoch;
    }

    public int BatchesPerEpoch { get; }

    /// <summary>The loss of step 1, 2, … (index + 1).</summary>
    public IReadOnlyList<double> StepLosses => _stepLosses;

    public IReadOnlyList<EpochSummary> Epochs => _epochs;

    public void AddStep(double loss) => _stepLosses.Add(loss);

    public void AddEpoch(EpochSummary summary) => _epochs.Add(summary);
}
