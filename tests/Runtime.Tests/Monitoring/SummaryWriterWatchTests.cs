using GraphGen.Monitoring;

namespace GraphGen.Tests.Monitoring;

/// <summary>The one-call helpers for the four things worth watching while training.</summary>
public class SummaryWriterWatchTests
{
    [Fact]
    public void LossMetricsAndLearningRateGetTheirTags()
    {
        var events = Write(w =>
        {
            w.AddLoss(1.5, new Dictionary<string, double> { ["data"] = 1.0, ["penalty"] = 0.5 }, step: 4);
            w.AddLoss(Tensor.From([2.5f]).Sum(), step: 5);
            w.AddMetrics("train", new Dictionary<string, double> { ["accuracy"] = 0.75 }, step: 4);
            w.AddMetrics("test", new Dictionary<string, double> { ["accuracy"] = 0.5 }, step: 4);
            w.AddLearningRate(0.001, step: 4);
        });
        Assert.Equal(
            [("loss/total", 1.5f, 4L), ("loss/data", 1f, 4L), ("loss/penalty", 0.5f, 4L), ("loss/total", 2.5f, 5L),
             ("train/accuracy", 0.75f, 4L), ("test/accuracy", 0.5f, 4L), ("learning_rate", 0.001f, 4L)],
            events.Select(e => (e.Summary![0].Tag, e.Summary[0].SimpleValue!.Value, e.Step)));
    }

    [Fact]
    public void ParameterStatsGiveWeightAndGradHistogramsAndNorms()
    {
        var weight = Tensor.From(new float[,] { { 3f, 4f }, { 0f, 0f } });
        weight.Grad = Tensor.From(new float[,] { { 0.1f, 0.2f }, { 0.2f, 0.4f } });
        var bias = Tensor.From([12f]); // no gradient yet
        var events = Write(w => w.AddParameterStats([("fc.weight", weight), ("fc.bias", bias)], step: 9));

        var byTag = events.Select(e => Assert.Single(e.Summary!)).ToDictionary(v => v.Tag);
        Assert.Equal(
            ["weights/fc.weight", "norms/weights/fc.weight", "grads/fc.weight", "norms/grads/fc.weight",
             "weights/fc.bias", "norms/weights/fc.bias", "norms/weights", "norms/grads"],
            events.Select(e => e.Summary![0].Tag));
        Assert.All(events, e => Assert.Equal(9, e.Step));

        var wh = byTag["weights/fc.weight"].Histogram!;
        Assert.Equal((0d, 4d, 4d, 7d, 25d), (wh.Min, wh.Max, wh.Num, wh.Sum, wh.SumSquares));
        Assert.Equal(4d, wh.BucketCounts.Sum());
        Assert.Equal(5f, byTag["norms/weights/fc.weight"].SimpleValue);
        Assert.Equal(0.5f, byTag["norms/grads/fc.weight"].SimpleValue!.Value, 1e-6f);
        Assert.Equal(12f, byTag["norms/weights/fc.bias"].SimpleValue);
        Assert.Equal(13f, byTag["norms/weights"].SimpleValue!.Value, 1e-5f); // sqrt(25 + 144)
        Assert.Equal(0.5f, byTag["norms/grads"].SimpleValue!.Value, 1e-6f);
        Assert.Equal(4d, byTag["grads/fc.weight"].Histogram!.BucketCounts.Sum());
    }

    [Fact]
    public void ADivergedParameterStillGetsItsNormButNoHistogram()
    {
        var weight = Tensor.From([1f, float.PositiveInfinity]);
        var events = Write(w => w.AddParameterStats([("w", weight)], step: 1));
        Assert.Equal(["norms/weights/w", "norms/weights"], events.Select(e => e.Summary![0].Tag));
        Assert.Equal(float.PositiveInfinity, events[0].Summary![0].SimpleValue);
    }

    [Fact]
    public void ALossComponentCannotHideTheTotal()
    {
        using var dir = new TemporaryDirectory();
        using var w = new SummaryWriter(dir.Path);
        var e = Assert.Throws<ArgumentException>(() => w.AddLoss(1, new Dictionary<string, double> { ["total"] = 2 }, 0));
        Assert.Contains("\"total\"", e.Message);
    }

    /// <summary>Runs <paramref name="write"/> on a fresh writer and returns the events after the version record.</summary>
    private static List<TensorBoardEvent> Write(Action<SummaryWriter> write)
    {
        using var dir = new TemporaryDirectory();
        string path;
        using (var writer = new SummaryWriter(dir.Path))
        {
            path = writer.FilePath;
            write(writer);
        }
        return [.. EventFileReader.Read(path).Events.Skip(1)];
    }
}
