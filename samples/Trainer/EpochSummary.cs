namespace GraphGen.Trainer;

/// <summary>What one epoch reached: mean training loss and running accuracy, test loss and accuracy, speed.</summary>
/// <param name="LearningRate">The rate the epoch trained with.</param>
public sealed record EpochSummary(
    int Epoch,
    int Epochs,
    double LearningRate,
    double TrainLoss,
    double TrainAccuracy,
    double TestLoss,
    double TestAccuracy,
    double Seconds,
    double SamplesPerSecond);
