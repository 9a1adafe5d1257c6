using GraphGen.Optim;

namespace GraphGen.Trainer;

/// <summary>
/// Everything a training checkpoint holds besides tensors, stored as JSON in the safetensors metadata: the
/// settings, where the run is, the random generators, the scheduler, the optimizer's hyper-parameters, the
/// current epoch's running sums and the curves so far.
/// </summary>
public sealed record CheckpointInfo
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    public required RunSettings Settings { get; init; }

    /// <summary>The TensorBoard run directory the resumed run keeps writing into.</summary>
    public required string RunDirectory { get; init; }

    public required int EpochsDone { get; init; }

    public required int BatchesDone { get; init; }

    public required long GlobalStep { get; init; }

    public required RandomGeneratorState ShuffleAtEpochStart { get; init; }

    /// <summary>The default generator (<see cref="Tensor.ManualSeed"/>'s), which initialises weights and dropout.</summary>
    public required RandomGeneratorState DefaultGenerator { get; init; }

    public LrSchedulerState? Scheduler { get; init; }

    public required IReadOnlyList<ParamGroupState> OptimizerGroups { get; init; }

    public required double EpochLossSum { get; init; }

    public required long EpochCorrect { get; init; }

    public required long EpochSeen { get; init; }

    public required double EpochSeconds { get; init; }

    public required double BestTestAccuracy { get; init; }

    public required int BestEpoch { get; init; }

    public required int BatchesPerEpoch { get; init; }

    public required IReadOnlyList<double> StepLosses { get; init; }

    public required IReadOnlyList<EpochSummary> Epochs { get; init; }
}
