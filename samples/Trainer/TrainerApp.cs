using System.Diagnostics;
using System.Globalization;
using GraphGen.Data;
using GraphGen.Interop;
using GraphGen.Kernels.Cpu;
using GraphGen.Monitoring;
using GraphGen.Serialization;
using Spectre.Console;

namespace GraphGen.Trainer;

/// <summary>
/// The trainer from command line to report: parse the options, load the data, train (or resume) with a progress
/// display and a checkpoint after every epoch, then write the hyper-parameters, the weights and the plot and say
/// where they are. Cancelling (Ctrl+C) saves a checkpoint and prints the command that continues the run.
/// </summary>
public static class TrainerApp
{
    public const int ExitSuccess = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;
    public const int ExitDiverged = 3;

    /// <summary>128 + SIGINT, what a shell reports for a program stopped by Ctrl+C.</summary>
    public const int ExitInterrupted = 130;

    public const string CheckpointFileName = "checkpoint.safetensors";
    public const string BestFileName = "best.safetensors";
    public const string ModelFileName = "fashion_classifier.safetensors";
    public const string PlotFileName = "curves.png";

    /// <summary>Runs the trainer; errors become one line on <paramref name="error"/> and a non-zero exit code.</summary>
    /// <param name="interactive">Draw a live progress bar (a terminal) rather than periodic lines (a file or pipe).</param>
    /// <param name="cancellation">Stops training after the current batch, with a checkpoint (exit code 130).</param>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellation = default)
    {
        TrainerOptions options;
        try
        {
            options = TrainerCommandLine.Parse(args);
        }
        catch (OptionsException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitUsage;
        }
        if (options.ShowHelp || options.ShowVersion)
        {
            output.WriteLine(options.ShowHelp ? TrainerCommandLine.Help() : TrainerCommandLine.Version());
            return ExitSuccess;
        }
        try
        {
            return Train(options, args, output, interactive, cancellation).Interrupted ? ExitInterrupted : ExitSuccess;
        }
        catch (OptionsException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitUsage;
        }
        catch (TrainingDivergedException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitDiverged;
        }
        catch (Exception e) when (e is DataLoadException or CheckpointLoadException or CheckpointSaveException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitFailure;
        }
    }

    /// <summary>
    /// Trains (or resumes) as <paramref name="options"/> say and writes logs, checkpoints and plot; <paramref name="args"/>
    /// are repeated in the command that continues an interrupted run.
    /// </summary>
    public static TrainerReport Train(TrainerOptions options, IReadOnlyList<string> args, TextWriter output, bool interactive, CancellationToken cancellation = default)
    {
        var total = Stopwatch.StartNew();
        var source = FashionMnistSource.For(options);
        var (train, test) = source.Load(flatten: ModelFactory.TakesFlatImages(options.Model));
        // An empty split would divide by zero (an empty epoch, a 0/0 accuracy) far from the cause.
        if (train.Count == 0) throw new DataLoadException($"{source.Description}: the training set has no images; the trainer needs at least one.");
        if (test.Count == 0) throw new DataLoadException($"{source.Description}: the test set has no images; the trainer measures test accuracy after every epoch and needs at least one.");
        var checkpoint = options.Resume is { } resumePath ? TrainingCheckpoint.Load(resumePath) : null;
        output.WriteLine($"{source.Description}: {train.Count:N0} training and {test.Count:N0} test images");

        if (options.Threads is { } threads) CpuThreads.Count = threads;
        var settings = RunSettings.From(options, source.Description);
        int batchesPerEpoch = new DataLoader(train.ToDataset(), options.BatchSize).Count;
        string optimizerName = OptimizerFactory.Name(options.Optimizer);
        string modelName = ModelFactory.Name(options.Model);
        var session = checkpoint is null
            ? TrainingSession.Start(options, settings, batchesPerEpoch, NewRunDirectory(options, modelName, optimizerName))
            : TrainingSession.Resume(options, settings, batchesPerEpoch, checkpoint, options.Resume!);
        var (net, state) = (session.Net, session.State);
        output.WriteLine(net);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{net.ParameterCount:N0} parameters; {optimizerName}, lr {options.LearningRate:G} ({ScheduleName(options.Schedule)}), batch size {options.BatchSize}, {options.Epochs} epoch(s), seed {options.Seed}, {CpuThreads.Count} thread(s)"));

        // The directories are made, and the output directory tried, before training: a bad --logdir or --out fails in a second, not after the run.
        CreateDirectory("--logdir", session.RunDirectory);
        using var writer = new SummaryWriter(session.RunDirectory);
        var files = new CheckpointFiles(options.OutDir ?? session.RunDirectory);
        CreateDirectory("--out", files.Directory);
        files.CheckWritable();
        if (checkpoint is null)
        {
            writer.AddText("model", $"```\n{net}\n```", 0);
            // TensorBoard's Graphs tab: the compiled graph, grouped by layer (an eager model has none to show).
            if (net is IHasCompiledGraph) writer.AddGraph(net);
        }
        else
            output.WriteLine($"Resuming {options.Resume} at epoch {state.EpochsDone + 1}, batch {state.BatchesDone}/{batchesPerEpoch} (step {state.GlobalStep})");
        output.WriteLine($"TensorBoard run: {session.RunDirectory}  (watch with: tensorboard --logdir {options.LogDir})");

        var loop = new TrainingLoop(net, session.Optimizer, session.Scheduler, writer, options);
        var clock = Stopwatch.StartNew();
        bool finished;
        try
        {
            bool Loop(ITrainingProgress progress) => loop.Run(train, test, state, session.Shuffle, progress, summary => EpochEnded(session, files, summary, writer), cancellation);
            finished = interactive ? SpectreProgress.Run(AnsiConsole.Console, Loop) : Loop(new PlainProgress(output));
        }
        catch (TrainingDivergedException e)
        {
            writer.Flush();
            e.LastGoodCheckpoint = state.EpochsDone > 0 || checkpoint is not null ? files.Checkpoint : null;
            throw;
        }
        double trainSeconds = clock.Elapsed.TotalSeconds;
        if (!finished) return Interrupted(session, files, writer, args, output, trainSeconds, total);

        var final = state.History.Epochs[^1];
        writer.AddHparams(
            new Dictionary<string, object?>
            {
                ["model"] = modelName,
                ["optimizer"] = optimizerName,
                ["lr"] = options.LearningRate,
                ["schedule"] = ScheduleName(options.Schedule),
                ["batch_size"] = options.BatchSize,
                ["epochs"] = options.Epochs,
                ["seed"] = options.Seed,
                ["threads"] = CpuThreads.Count,
                ["data"] = source.Description,
            },
            new Dictionary<string, double>
            {
                ["hparam/test_accuracy"] = final.TestAccuracy,
                ["hparam/test_loss"] = final.TestLoss,
                ["hparam/train_loss"] = final.TrainLoss,
            });
        writer.Flush();

        CheckpointFiles.Save(files.Model, "trained weights", path => Safetensors.Save(path, net.StateDict(), new Dictionary<string, string>
        {
            ["model"] = net.ToString(),
            ["epochs"] = options.Epochs.ToString(CultureInfo.InvariantCulture),
            ["test_accuracy"] = final.TestAccuracy.ToString("R", CultureInfo.InvariantCulture),
        }));
        string plot = Path.Combine(files.Directory, PlotFileName);
        CurvePlot.Save(plot, state.History, string.Create(CultureInfo.InvariantCulture,
            $"{net.GetName()} on {source.Description}: {optimizerName}, lr {options.LearningRate:G} ({ScheduleName(options.Schedule)}), batch {options.BatchSize}"));

        int correct = (int)Math.Round(final.TestAccuracy * test.Count);
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Final test accuracy: {100 * final.TestAccuracy:F2}% ({correct:N0}/{test.Count:N0}) after {options.Epochs} epoch(s)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Time: {trainSeconds:F1} s training ({state.History.Epochs.Average(e => e.SamplesPerSecond):N0} samples/s), {total.Elapsed.TotalSeconds:F1} s in all"));
        output.WriteLine($"Weights:    {files.Model}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Best epoch: {files.Best} (epoch {state.BestEpoch}, {100 * state.BestTestAccuracy:F2}%)"));
        output.WriteLine($"Checkpoint: {files.Checkpoint}");
        output.WriteLine($"Curves:     {plot}");
        output.WriteLine($"TensorBoard: tensorboard --logdir {options.LogDir}");
        return new TrainerReport(session.RunDirectory, writer.FilePath, files.Model, plot, final.TestAccuracy, trainSeconds, total.Elapsed.TotalSeconds, state.History);
    }

    /// <summary>After each epoch: the best weights if the test accuracy improved, then the checkpoint, then the logs to disk.</summary>
    private static void EpochEnded(TrainingSession session, CheckpointFiles files, EpochSummary summary, SummaryWriter writer)
    {
        var state = session.State;
        if (summary.TestAccuracy > state.BestTestAccuracy)
        {
            (state.BestTestAccuracy, state.BestEpoch) = (summary.TestAccuracy, summary.Epoch);
            CheckpointFiles.Save(files.Best, "best epoch's weights", path => Safetensors.Save(path, session.Net.StateDict(), new Dictionary<string, string>
            {
                ["model"] = session.Net.ToString(),
                ["epoch"] = summary.Epoch.ToString(CultureInfo.InvariantCulture),
                ["test_accuracy"] = summary.TestAccuracy.ToString("R", CultureInfo.InvariantCulture),
            }));
        }
        SaveCheckpoint(session, files);
        writer.Flush();
    }

    private static void SaveCheckpoint(TrainingSession session, CheckpointFiles files)
    {
        var checkpoint = session.ToCheckpoint();
        CheckpointFiles.Save(files.Checkpoint, "checkpoint", checkpoint.Save);
    }

    /// <summary>Ctrl+C: the checkpoint and logs reach the disk, and the user is told how to continue.</summary>
    private static TrainerReport Interrupted(TrainingSession session, CheckpointFiles files, SummaryWriter writer, IReadOnlyList<string> args,
        TextWriter output, double trainSeconds, Stopwatch total)
    {
        var state = session.State;
        SaveCheckpoint(session, files);
        writer.Flush();
        output.WriteLine();
        output.WriteLine($"Interrupted at epoch {state.EpochsDone + 1}, batch {state.BatchesDone}/{state.History.BatchesPerEpoch} (step {state.GlobalStep}).");
        output.WriteLine($"Checkpoint: {files.Checkpoint}");
        output.WriteLine($"Continue with: {ContinueCommand.For(args, files.Checkpoint)}");
        double accuracy = state.History.Epochs.Count > 0 ? state.History.Epochs[^1].TestAccuracy : double.NaN;
        return new TrainerReport(session.RunDirectory, writer.FilePath, files.Checkpoint, "", accuracy, trainSeconds, total.Elapsed.TotalSeconds, state.History)
        {
            Interrupted = true,
        };
    }

    private static void CreateDirectory(string option, string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option}: cannot create directory '{path}': {e.Message}", e);
        }
    }

    private static string ScheduleName(LrSchedule schedule) => schedule.ToString().ToLowerInvariant();

    /// <summary>A fresh directory under the log directory, named by time and settings so runs sort and compare.</summary>
    private static string NewRunDirectory(TrainerOptions options, string modelName, string optimizerName)
    {
        string name = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.Now:yyyyMMdd-HHmmss}_{modelName}_{optimizerName}_lr{options.LearningRate:G}_bs{options.BatchSize}");
        string path = Path.Combine(options.LogDir, name);
        for (int i = 2; Directory.Exists(path); i++) path = Path.Combine(options.LogDir, $"{name}_{i}");
        return path;
    }
}
