using System.Globalization;
using Spectre.Console;

namespace GraphGen.Trainer;

/// <summary>
/// A live Spectre.Console progress bar per epoch whose label shows the current loss and throughput; a finished
/// epoch's bar keeps its summary (train/test accuracy), so the screen ends as a table of epochs.
/// </summary>
public sealed class SpectreProgress(ProgressContext context) : ITrainingProgress
{
    private ProgressTask? _task;
    private string _prefix = "";

    /// <summary>Runs <paramref name="training"/> under a live progress display and returns what it returns.</summary>
    public static T Run<T>(IAnsiConsole console, Func<ITrainingProgress, T> training) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => training(new SpectreProgress(context)));

    public void EpochStarted(int epoch, int epochs, int batches)
    {
        _prefix = $"epoch {epoch}/{epochs}";
        _task = context.AddTask(Markup.Escape(_prefix), maxValue: batches);
    }

    public void BatchCompleted(int batch, double loss, double samplesPerSecond)
    {
        if (_task is null) return;
        _task.Value = batch;
        _task.Description = string.Create(CultureInfo.InvariantCulture,
            $"{_prefix}  loss [yellow]{loss:F4}[/]  [grey]{samplesPerSecond,7:N0} samples/s[/]");
    }

    public void EpochCompleted(EpochSummary s)
    {
        if (_task is null) return;
        _task.Description = string.Create(CultureInfo.InvariantCulture,
            $"{_prefix}  loss {s.TrainLoss:F4}  train [green]{100 * s.TrainAccuracy:F1}%[/]  test [green]{100 * s.TestAccuracy:F1}%[/]");
        _task.Value = _task.MaxValue;
        _task.StopTask();
    }
}
