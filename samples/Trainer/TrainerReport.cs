namespace GraphGen.Trainer;

/// <summary>What a run produced and reached; an interrupted run reports its checkpoint as <see cref="CheckpointPath"/> and no plot.</summary>
public sealed record TrainerReport(
    string RunDirectory,
    string EventFile,
    string CheckpointPath,
    string PlotPath,
    double TestAccuracy,
    double TrainSeconds,
    double TotalSeconds,
    TrainingHistory History)
{
    /// <summary>Cancelled before the last epoch: the checkpoint continues it with <c>--resume</c>.</summary>
    public bool Interrupted { get; init; }
}
