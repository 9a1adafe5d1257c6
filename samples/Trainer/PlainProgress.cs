using System.Globalization;

namespace GraphGen.Trainer;

/// <summary>
/// Progress as plain lines, for output redirected to a file or pipe (where a live bar would print nothing or
/// garbage): a line every <see cref="LinesPerEpoch"/>-th of an epoch and one per finished epoch.
/// </summary>
public sealed class PlainProgress(TextWriter output) : ITrainingProgress
{
    public const int LinesPerEpoch = 2;

    private int _epoch, _epochs, _batches, _interval;

    public void EpochStarted(int epoch, int epochs, int batches)
    {
        (_epoch, _epochs, _batches) = (epoch, epochs, batches);
        _interval = Math.Max(1, batches / LinesPerEpoch);
    }

    public void BatchCompleted(int batch, double loss, double samplesPerSecond)
    {
        // The last batch is covered by the epoch line.
        if (batch % _interval != 0 || batch == _batches) return;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {_epoch}/{_epochs}  batch {batch}/{_batches}  loss {loss:F4}  {samplesPerSecond:N0} samples/s"));
        output.Flush();
    }

    public void EpochCompleted(EpochSummary s)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {s.Epoch}/{s.Epochs} done in {s.Seconds:F1} s: lr {s.LearningRate:0.00e+00}, train loss {s.TrainLoss:F4}, train accuracy {100 * s.TrainAccuracy:F2}%, " +
            $"test loss {s.TestLoss:F4}, test accuracy {100 * s.TestAccuracy:F2}%, {s.SamplesPerSecond:N0} samples/s"));
        output.Flush();
    }
}
