using System.Diagnostics;
using System.Globalization;
using GraphGen.Kernels.Cpu;
using GraphGen.Monitoring;
using GraphGen.Serialization;
using Spectre.Console;

namespace GraphGen.Trainer;

/// <summary>
/// The trainer from command line to report: parse the options, load the data, train with a progress display,
/// then write the hyper-parameters, the checkpoint and the plot and say where they are.
/// </summary>
public static class TrainerApp
{
    public const int ExitSuccess = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;
    public const string CheckpointFileName = "fashion_classifier.safetensors";
    public const string PlotFileName = "curves.png";

    /// <summary>Runs the trainer; errors become one line on <paramref name="error"/> and a non-zero exit code.</summary>
    /// <param name="interactive">Draw a live progress bar (a terminal) rather than periodic lines (a file or pipe).</param>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, bool interactive)
    {
        TrainerOptions options;
        try
        {
            options = OptionsParser.Parse(args);
        }
        catch (OptionsException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitUsage;
        }
        if (options.ShowHelp)
        {
            output.WriteLine(OptionsParser.Usage);
            return ExitSuccess;
        }
        try
        {
            Train(options, output, interactive);
            return ExitSuccess;
        }
        catch (DataLoadException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitFailure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitFailure;
        }
    }

    /// <summary>Trains as <paramref name="options"/> say and writes logs, checkpoint and plot; throws on unreadable data.</summary>
    public static TrainerReport Train(TrainerOptions options, TextWriter output, bool interactive)
    {
        var total = Stopwatch.StartNew();
        var source = FashionMnistSource.For(options);
        var (train, test) = source.Load();
        output.WriteLine($"{source.Description}: {train.Count:N0} training and {test.Count:N0} test images");

        if (options.Threads is { } threads) CpuThreads.Count = threads;
        Tensor.ManualSeed(options.Seed);
        var net = new FashionClassifier();
        var optimizer = OptimizerFactory.Create(options.Optimizer, net.Parameters(), options.LearningRate);
        string optimizerName = OptimizerFactory.Name(options.Optimizer);
        output.WriteLine(net);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{net.ParameterCount:N0} parameters; {optimizerName}, lr {options.LearningRate:G} ({ScheduleName(options.Schedule)}), batch size {options.BatchSize}, {options.Epochs} epoch(s), seed {options.Seed}, {CpuThreads.Count} thread(s)"));

        // Both directories are made before training, so a bad --logdir or --out fails in a second, not after the run.
        string runDirectory = NewRunDirectory(options, optimizerName);
        CreateDirectory("--logdir", runDirectory);
        using var writer = new SummaryWriter(runDirectory);
        string outDirectory = options.OutDir ?? runDirectory;
        CreateDirectory("--out", outDirectory);
        writer.AddText("model", $"```\n{net}\n```", 0);
        output.WriteLine($"TensorBoard run: {runDirectory}  (watch with: tensorboard --logdir {options.LogDir})");

        var loop = new TrainingLoop(net, optimizer, writer, options);
        var clock = Stopwatch.StartNew();
        var history = interactive
            ? SpectreProgress.Run(AnsiConsole.Console, progress => loop.Run(train, test, progress))
            : loop.Run(train, test, new PlainProgress(output));
        double trainSeconds = clock.Elapsed.TotalSeconds;
        var final = history.Epochs[^1];

        writer.AddHparams(
            new Dictionary<string, object?>
            {
                ["optimizer"] = optimizerName,
                ["lr"] = options.LearningRate,
                ["schedule"] = ScheduleName(options.Schedule),
                ["batch_size"] = options.BatchSize,
                ["epochs"] = options.Epochs,
                ["hidden"] = FashionClassifier.HiddenFeatures,
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

        string checkpoint = Path.Combine(outDirectory, CheckpointFileName);
        Safetensors.Save(checkpoint, net.StateDict(), new Dictionary<string, string>
        {
            ["model"] = net.ToString(),
            ["epochs"] = options.Epochs.ToString(CultureInfo.InvariantCulture),
            ["test_accuracy"] = final.TestAccuracy.ToString("R", CultureInfo.InvariantCulture),
        });
        string plot = Path.Combine(outDirectory, PlotFileName);
        CurvePlot.Save(plot, history, string.Create(CultureInfo.InvariantCulture,
            $"FashionClassifier on {source.Description}: {optimizerName}, lr {options.LearningRate:G} ({ScheduleName(options.Schedule)}), batch {options.BatchSize}"));

        int correct = (int)Math.Round(final.TestAccuracy * test.Count);
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Final test accuracy: {100 * final.TestAccuracy:F2}% ({correct:N0}/{test.Count:N0}) after {options.Epochs} epoch(s)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Time: {trainSeconds:F1} s training ({history.Epochs.Average(e => e.SamplesPerSecond):N0} samples/s), {total.Elapsed.TotalSeconds:F1} s in all"));
        output.WriteLine($"Checkpoint: {checkpoint}");
        output.WriteLine($"Curves:     {plot}");
        output.WriteLine($"TensorBoard: tensorboard --logdir {options.LogDir}");
        return new TrainerReport(runDirectory, writer.FilePath, checkpoint, plot, final.TestAccuracy, trainSeconds, total.Elapsed.TotalSeconds, history);
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
    private static string NewRunDirectory(TrainerOptions options, string optimizerName)
    {
        string name = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.Now:yyyyMMdd-HHmmss}_{optimizerName}_lr{options.LearningRate:G}_bs{options.BatchSize}");
        string path = Path.Combine(options.LogDir, name);
        for (int i = 2; Directory.Exists(path); i++) path = Path.Combine(options.LogDir, $"{name}_{i}");
        return path;
    }
}
