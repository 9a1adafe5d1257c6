namespace GraphGen.Trainer;

/// <summary>What a finished run produced and reached.</summary>
public sealed record TrainerReport(
    string RunDirectory,
    string EventFile,
    string CheckpointPath,
    string PlotPath,
    double TestAccuracy,
    double TrainSeconds,
    double TotalSeconds,
    TrainingHistory History);
