using Spectre.Console;

namespace GraphGen.Trainer.Tests;

public class ProgressTests
{
    private static readonly EpochSummary Summary = new(1, 2, 0.000905, 0.75621, 0.7396, 0.5352, 0.8115, 12.34, 987.6);

    [Fact]
    public void PlainProgressPrintsAFewLinesPerEpochAndOneSummary()
    {
        var output = new StringWriter();
        var progress = new PlainProgress(output);
        progress.EpochStarted(1, 2, batches: 10);
        for (int batch = 1; batch <= 10; batch++) progress.BatchCompleted(batch, 1.0 / batch, 1234.5);
        progress.EpochCompleted(Summary);

        string[] lines = output.ToString().TrimEnd().Split(Environment.NewLine);
        // Every 10 / 2 = 5 batches except the last, which the epoch line covers.
        Assert.Equal(
        [
            "epoch 1/2  batch 5/10  loss 0.2000  1,234 samples/s",
            "epoch 1/2 done in 12.3 s: lr 9.05e-04, train loss 0.7562, train accuracy 73.96%, test loss 0.5352, test accuracy 81.15%, 988 samples/s",
        ], lines);
    }

    [Fact]
    public void PlainProgressWithOneBatchPrintsOnlyTheEpochLine()
    {
        var output = new StringWriter();
        var progress = new PlainProgress(output);
        progress.EpochStarted(1, 2, batches: 1);
        progress.BatchCompleted(1, 0.5, 100);
        progress.EpochCompleted(Summary);
        Assert.StartsWith("epoch 1/2 done in", output.ToString());
    }

    [Fact]
    public void SpectreProgressRendersLossThroughputAndTheEpochSummary()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 120;

        string result = SpectreProgress.Run(console, progress =>
        {
            progress.EpochStarted(1, 2, batches: 3);
            for (int batch = 1; batch <= 3; batch++) progress.BatchCompleted(batch, 0.25 * batch, 4321);
            Thread.Sleep(1000); // Spectre redraws every 100 ms: let it draw the running label once
            progress.EpochCompleted(Summary);
            return "done";
        });

        Assert.Equal("done", result);
        string text = output.ToString();
        Assert.Contains("epoch 1/2  loss 0.7500", text);
        Assert.Contains("4,321 samples/s", text);
        Assert.Contains("epoch 1/2  loss 0.7562  train 74.0%  test 81.2%", text);
    }
}
