using System.Globalization;

namespace GraphGen.Trainer;

/// <summary>
/// The loss became NaN or infinite, or exploded past <see cref="TrainingLoop.DivergenceFactor"/> times the first step's:
/// training stopped before that batch's step. The message names the loss, the epoch, the step and the learning rate,
/// and the last good checkpoint once the trainer adds it.
/// </summary>
public sealed class TrainingDivergedException(int epoch, int batch, long globalStep, double learningRate, double loss, double firstLoss) : Exception
{
    public int Epoch { get; } = epoch;

    /// <summary>1-based batch within the epoch.</summary>
    public int Batch { get; } = batch;

    public long GlobalStep { get; } = globalStep;

    public double LearningRate { get; } = learningRate;

    public double Loss { get; } = loss;

    /// <summary>The run's first step loss, the scale an exploding loss is measured against.</summary>
    public double FirstLoss { get; } = firstLoss;

    /// <summary>The checkpoint of the last finished epoch, which the divergence left untouched, or null when none finished.</summary>
    public string? LastGoodCheckpoint { get; set; }

    public override string Message => string.Create(CultureInfo.InvariantCulture,
        $"{(double.IsFinite(Loss) ? $"the loss exploded to {Loss:G6}, over {TrainingLoop.DivergenceFactor} times the first step's {FirstLoss:G4}," : $"the loss became {Loss}")} at epoch {Epoch}, step {Batch} (global step {GlobalStep}) with learning rate {LearningRate:G}; training stopped. ") +
        (LastGoodCheckpoint is { } path
            ? $"The last good checkpoint is '{path}'. "
            : "No epoch finished, so there is no checkpoint. ") +
        "Try a smaller --lr.";
}
