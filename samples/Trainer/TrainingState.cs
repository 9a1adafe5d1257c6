namespace GraphGen.Trainer;

/// <summary>
/// Where a run is — epochs done, batches done in the current epoch, the global step — with the current epoch's
/// running sums, the shuffling generator's state at the epoch's start, the curves so far and the best epoch.
/// A checkpoint saves all of it, so a resumed run carries on from the same place with the same numbers.
/// </summary>
public sealed class TrainingState(TrainingHistory history, RandomGeneratorState shuffleAtEpochStart)
{
    public int EpochsDone { get; set; }

    /// <summary>Batches of epoch <see cref="EpochsDone"/> + 1 already trained (0 at an epoch boundary).</summary>
    public int BatchesDone { get; set; }

    /// <summary>Optimizer steps taken over the whole run: the TensorBoard step of the last logged loss.</summary>
    public long GlobalStep { get; set; }

    /// <summary>The shuffling generator as it was before the current epoch drew its permutation.</summary>
    public RandomGeneratorState ShuffleAtEpochStart { get; set; } = shuffleAtEpochStart;

    public double EpochLossSum { get; set; }

    public long EpochCorrect { get; set; }

    public long EpochSeen { get; set; }

    /// <summary>Training seconds the current epoch spent before this process (a resumed epoch's earlier part).</summary>
    public double EpochSecondsBefore { get; set; }

    public TrainingHistory History { get; } = history;

    /// <summary>The best test accuracy of a finished epoch so far, or -1 before the first.</summary>
    public double BestTestAccuracy { get; set; } = -1;

    public int BestEpoch { get; set; }

    /// <summary>Closes the current epoch: the next one starts from its first batch with empty sums.</summary>
    public void StartNextEpoch(RandomGeneratorState shuffle)
    {
        EpochsDone++;
        BatchesDone = 0;
        (EpochLossSum, EpochCorrect, EpochSeen, EpochSecondsBefore) = (0, 0, 0, 0);
        ShuffleAtEpochStart = shuffle;
    }
}
