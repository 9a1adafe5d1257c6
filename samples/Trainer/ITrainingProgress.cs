namespace GraphGen.Trainer;

/// <summary>Receives the training loop's progress: a live bar on a terminal, periodic lines when redirected.</summary>
public interface ITrainingProgress
{
    void EpochStarted(int epoch, int epochs, int batches);

    /// <param name="batch">1-based index of the batch just done within the epoch.</param>
    /// <param name="loss">That batch's loss.</param>
    /// <param name="samplesPerSecond">Training throughput since the epoch started.</param>
    void BatchCompleted(int batch, double loss, double samplesPerSecond);

    /// <summary>The epoch is done and evaluated.</summary>
    void EpochCompleted(EpochSummary summary);
}
