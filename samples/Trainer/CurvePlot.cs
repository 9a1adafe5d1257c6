using ScottPlot;

namespace GraphGen.Trainer;

/// <summary>Draws a run's curves to a PNG: loss on top (every step, smoothed, and per epoch), accuracy below.</summary>
public static class CurvePlot
{
    public const int Width = 1000, Height = 800;

    public static void Save(string path, TrainingHistory history, string title)
    {
        ArgumentNullException.ThrowIfNull(history);
        var figure = new Multiplot();
        // A new Multiplot already holds one empty plot; AddPlots(n) grows or shrinks the set to n plots.
        figure.AddPlots(2);
        var (lossPlot, accuracyPlot) = (figure.GetPlot(0), figure.GetPlot(1));
        double perEpoch = history.BatchesPerEpoch;

        // x in epochs for both panels, so the per-step and per-epoch curves line up.
        double[] stepX = Enumerable.Range(1, history.StepLosses.Count).Select(s => s / perEpoch).ToArray();
        double[] stepLoss = [.. history.StepLosses];
        var raw = lossPlot.Add.ScatterLine(stepX, stepLoss, Colors.SteelBlue.WithAlpha(0.25));
        raw.LegendText = "train loss (each step)";
        int window = Math.Max(1, history.BatchesPerEpoch / 10);
        var smooth = lossPlot.Add.ScatterLine(stepX, MovingAverage(stepLoss, window), Colors.SteelBlue);
        smooth.LineWidth = 2;
        smooth.LegendText = $"train loss (mean of {window} steps)";

        double[] epochX = history.Epochs.Select(e => (double)e.Epoch).ToArray();
        var testLoss = lossPlot.Add.Scatter(epochX, history.Epochs.Select(e => e.TestLoss).ToArray(), Colors.OrangeRed);
        testLoss.LineWidth = 2;
        testLoss.MarkerSize = 8;
        testLoss.LegendText = "test loss (end of epoch)";
        lossPlot.Title(title);
        lossPlot.YLabel("cross-entropy loss");
        lossPlot.XLabel("epoch");
        lossPlot.ShowLegend(Alignment.UpperRight);

        // The running training accuracy averages over the whole epoch, so it is drawn at the epoch's middle.
        double[] midEpochX = history.Epochs.Select(e => e.Epoch - 0.5).ToArray();
        var trainAccuracy = accuracyPlot.Add.Scatter(midEpochX, history.Epochs.Select(e => 100 * e.TrainAccuracy).ToArray(), Colors.SteelBlue);
        trainAccuracy.LineWidth = 2;
        trainAccuracy.MarkerSize = 8;
        trainAccuracy.LegendText = "train accuracy (running mean over the epoch)";
        var testAccuracy = accuracyPlot.Add.Scatter(epochX, history.Epochs.Select(e => 100 * e.TestAccuracy).ToArray(), Colors.OrangeRed);
        testAccuracy.LineWidth = 2;
        testAccuracy.MarkerSize = 8;
        testAccuracy.LegendText = "test accuracy";
        accuracyPlot.YLabel("accuracy (%)");
        accuracyPlot.XLabel("epoch");
        accuracyPlot.ShowLegend(Alignment.LowerRight);

        // Both panels span the same epochs, from the first step to the last epoch.
        double right = Math.Max(stepX.LastOrDefault(), epochX.LastOrDefault());
        lossPlot.Axes.AutoScale();
        lossPlot.Axes.SetLimitsX(0, right * 1.05);
        // Accuracy gets explicit limits: with one point per epoch, autoscaling can clip the lowest point.
        double[] accuracies = [.. history.Epochs.SelectMany(e => new[] { 100 * e.TrainAccuracy, 100 * e.TestAccuracy })];
        double low = accuracies.Length == 0 ? 0 : accuracies.Min(), high = accuracies.Length == 0 ? 100 : accuracies.Max();
        accuracyPlot.Axes.SetLimits(0, right * 1.05, Math.Max(0, low - 2), Math.Min(100, high + 2));

        figure.SavePng(path, Width, Height);
    }

    /// <summary>
    /// The mean of each value and up to <paramref name="window"/> - 1 values before it, over the finite ones only,
    /// so a diverged step (infinite or NaN loss) leaves a gap instead of poisoning every later mean.
    /// </summary>
    private static double[] MovingAverage(double[] values, int window)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double sum = 0;
            int count = 0;
            for (int j = Math.Max(0, i - window + 1); j <= i; j++)
                if (double.IsFinite(values[j])) (sum, count) = (sum + values[j], count + 1);
            result[i] = count == 0 ? double.NaN : sum / count;
        }
        return result;
    }
}
