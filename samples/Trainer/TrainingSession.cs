using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Trainer;

/// <summary>
/// The objects one run trains with — model, optimizer, scheduler, shuffling generator and <see cref="TrainingState"/> —
/// built fresh from the seed, or restored from a <see cref="TrainingCheckpoint"/>, and captured back into one.
/// </summary>
public sealed class TrainingSession
{
    private TrainingSession(TrainerOptions options, RunSettings settings, int batchesPerEpoch, string runDirectory)
    {
        Settings = settings;
        RunDirectory = runDirectory;
        Tensor.ManualSeed(options.Seed);
        Net = ModelFactory.Create(options.Model);
        Optimizer = OptimizerFactory.Create(options.Optimizer, Net.Parameters(), options.LearningRate);
        Scheduler = options.Schedule == LrSchedule.Cosine ? new CosineAnnealingLR(Optimizer, tMax: options.Epochs) : null;
        Shuffle = new RandomGenerator(options.Seed);
        State = new TrainingState(new TrainingHistory(batchesPerEpoch), Shuffle.GetState());
    }

    public Module Net { get; }

    public Optimizer Optimizer { get; }

    public LrScheduler? Scheduler { get; }

    /// <summary>The generator the data loader shuffles with.</summary>
    public RandomGenerator Shuffle { get; }

    public TrainingState State { get; }

    public RunSettings Settings { get; }

    public string RunDirectory { get; }

    /// <summary>A fresh run: weights from the seed, epoch 1, step 0.</summary>
    public static TrainingSession Start(TrainerOptions options, RunSettings settings, int batchesPerEpoch, string runDirectory) =>
        new(options, settings, batchesPerEpoch, runDirectory);

    /// <summary>
    /// The run saved in <paramref name="checkpoint"/>, continued with the same settings; a checkpoint from other
    /// settings is an <see cref="OptionsException"/> that lists them, one from other data a <see cref="CheckpointLoadException"/>.
    /// </summary>
    public static TrainingSession Resume(TrainerOptions options, RunSettings settings, int batchesPerEpoch, TrainingCheckpoint checkpoint, string path)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var info = checkpoint.Info;
        var differences = info.Settings.DifferencesFrom(settings);
        if (differences.Count > 0)
            throw new OptionsException($"--resume: '{path}' was trained with {string.Join(", ", differences)}; give the options the run was started with.");
        if (info.BatchesPerEpoch != batchesPerEpoch || info.EpochsDone > settings.Epochs || info.BatchesDone >= batchesPerEpoch)
            throw new CheckpointLoadException(
                $"--resume: '{path}' is at epoch {info.EpochsDone + 1}, batch {info.BatchesDone} of {info.BatchesPerEpoch}, but this data gives {batchesPerEpoch} batches per epoch; the data set has changed since the checkpoint.");

        var session = new TrainingSession(options, settings, batchesPerEpoch, info.RunDirectory);
        try
        {
            session.Net.LoadStateDict(checkpoint.Model);
            session.Optimizer.LoadStateDict(checkpoint.Optimizer);
            if (info.Scheduler is { } scheduler) session.Scheduler?.LoadStateDict(scheduler);
            RandomGenerator.Default.SetState(info.DefaultGenerator);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new CheckpointLoadException($"--resume: '{path}' does not fit this model and optimizer: {e.Message}", e);
        }
        var state = session.State;
        (state.EpochsDone, state.BatchesDone, state.GlobalStep, state.ShuffleAtEpochStart) = (info.EpochsDone, info.BatchesDone, info.GlobalStep, info.ShuffleAtEpochStart);
        (state.EpochLossSum, state.EpochCorrect, state.EpochSeen, state.EpochSecondsBefore) = (info.EpochLossSum, info.EpochCorrect, info.EpochSeen, info.EpochSeconds);
        (state.BestTestAccuracy, state.BestEpoch) = (info.BestTestAccuracy, info.BestEpoch);
        foreach (double loss in info.StepLosses) state.History.AddStep(loss);
        foreach (var epoch in info.Epochs) state.History.AddEpoch(epoch);
        return session;
    }

    /// <summary>Everything needed to continue from here, copied so later steps do not change it.</summary>
    public TrainingCheckpoint ToCheckpoint()
    {
        var optimizer = Optimizer.StateDict();
        var info = new CheckpointInfo
        {
            Settings = Settings,
            RunDirectory = RunDirectory,
            EpochsDone = State.EpochsDone,
            BatchesDone = State.BatchesDone,
            GlobalStep = State.GlobalStep,
            ShuffleAtEpochStart = State.ShuffleAtEpochStart,
            DefaultGenerator = RandomGenerator.Default.GetState(),
            Scheduler = Scheduler?.StateDict(),
            OptimizerGroups = optimizer.ParamGroups,
            EpochLossSum = State.EpochLossSum,
            EpochCorrect = State.EpochCorrect,
            EpochSeen = State.EpochSeen,
            EpochSeconds = State.EpochSecondsBefore,
            BestTestAccuracy = State.BestTestAccuracy,
            BestEpoch = State.BestEpoch,
            BatchesPerEpoch = State.History.BatchesPerEpoch,
            StepLosses = [.. State.History.StepLosses],
            Epochs = [.. State.History.Epochs],
        };
        return new TrainingCheckpoint(info, Net.StateDict(), optimizer);
    }
}
