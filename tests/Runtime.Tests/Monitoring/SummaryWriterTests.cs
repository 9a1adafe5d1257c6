using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using GraphGen.Monitoring;

namespace GraphGen.Tests.Monitoring;

public class SummaryWriterTests
{
    [Fact]
    public void FileIsNamedAsTensorBoardNamesItAndStartsWithTheFileVersion()
    {
        using var dir = new TemporaryDirectory();
        string logDir = Path.Combine(dir.Path, "new", "run"); // created if missing
        double before = Math.Floor(UnixNow());
        string path;
        using (var writer = new SummaryWriter(logDir))
            path = writer.FilePath;
        double after = UnixNow();

        Assert.Equal(logDir, Path.GetDirectoryName(path));
        var match = Regex.Match(Path.GetFileName(path), @"^events\.out\.tfevents\.(\d{10})\.(.+)\.(\d+)\.(\d+)$");
        Assert.True(match.Success, Path.GetFileName(path));
        Assert.InRange(long.Parse(match.Groups[1].Value), before, after);
        Assert.Equal(Dns.GetHostName(), match.Groups[2].Value);
        Assert.Equal(Environment.ProcessId, int.Parse(match.Groups[3].Value));

        var contents = EventFileReader.Read(path);
        Assert.False(contents.IsTruncated);
        var first = Assert.Single(contents.Events);
        Assert.Equal("brain.Event:2", first.FileVersion);
        Assert.InRange(first.WallTime, before, after);
        Assert.Null(first.Summary);
        Assert.Equal(0, first.Offset);
    }

    [Fact]
    public void EachWriterGetsTheNextGlobalCounterInItsFileName()
    {
        using var dir = new TemporaryDirectory();
        using var a = new SummaryWriter(Path.Combine(dir.Path, "a"));
        using var b = new SummaryWriter(Path.Combine(dir.Path, "b"), filenameSuffix: ".v2");
        long counterA = long.Parse(a.FilePath.Split('.')[^1]);
        Assert.EndsWith(".v2", b.FilePath);
        long counterB = long.Parse(b.FilePath[..^3].Split('.')[^1]);
        Assert.True(counterB > counterA);
    }

    [Fact]
    public void EverythingWrittenReadsBackFieldByField()
    {
        using var dir = new TemporaryDirectory();
        string path;
        using (var writer = new SummaryWriter(dir.Path))
        {
            path = writer.FilePath;
            writer.AddScalar("loss/train", 0.25, step: 7, wallTime: 1234.5);
            writer.AddScalar("zero", 0.0, step: 0, wallTime: 1.0);
            writer.AddText("notes", "# Heading\nsome *markdown*", step: 2, wallTime: 99.0);
            writer.AddHistogram("weights", Tensor.From(new float[,] { { -1f, 0f }, { 0.5f, 2f } }), step: 3, wallTime: 100.0);
        }

        var events = EventFileReader.Read(path).Events;
        Assert.Equal(5, events.Count);

        var scalar = events[1];
        Assert.Equal((1234.5, 7L, (string?)null), (scalar.WallTime, scalar.Step, scalar.FileVersion));
        var scalarValue = Assert.Single(scalar.Summary!);
        Assert.Equal(new SummaryValue("loss/train", 0.25f, null, null, null), scalarValue);

        var zero = events[2];
        Assert.Equal(0, zero.Step);
        Assert.Equal(0f, zero.Summary![0].SimpleValue);

        var text = Assert.Single(events[3].Summary!);
        Assert.Equal((99.0, 2L), (events[3].WallTime, events[3].Step));
        Assert.Equal("notes/text_summary", text.Tag);
        Assert.Null(text.SimpleValue);
        Assert.Equal(TensorValue.DTypeString, text.Tensor!.DType);
        Assert.Equal([1L], text.Tensor.Shape);
        Assert.Equal(["# Heading\nsome *markdown*"], text.Tensor.Strings);
        Assert.Equal(("text", "", "", 0), (text.Metadata!.PluginName, text.Metadata.DisplayName, text.Metadata.SummaryDescription, text.Metadata.DataClass));
        Assert.Empty(text.Metadata.PluginContent);

        var histogram = Assert.Single(events[4].Summary!);
        Assert.Equal("weights", histogram.Tag);
        var h = histogram.Histogram!;
        Assert.Equal((-1d, 2d, 4d, 1.5d, 5.25d), (h.Min, h.Max, h.Num, h.Sum, h.SumSquares));
        Assert.Equal(4d, h.BucketCounts.Sum());
        Assert.Equal(0d, h.BucketCounts[0]);
        Assert.True(h.BucketLimits[0] <= -1 && h.BucketLimits[^1] >= 2);
        Assert.Equal(0, events[0].Offset);
        Assert.True(events.Zip(events.Skip(1)).All(p => p.Second.Offset > p.First.Offset));
    }

    [Fact]
    public void AddScalarsWritesOneSubRunPerKeyAsPyTorchDoes()
    {
        using var dir = new TemporaryDirectory();
        using (var writer = new SummaryWriter(dir.Path))
        {
            var step0 = new Dictionary<string, double> { ["train"] = 1.0, ["test"] = 2.0 };
            writer.AddScalars("loss/curves", step0, step: 0);
            writer.AddScalars("loss/curves", new Dictionary<string, double> { ["train"] = 0.5, ["test"] = 1.5 }, step: 1);
        }

        var files = EventFileReader.FindEventFiles(dir.Path);
        Assert.Equal(3, files.Count); // the main run and two sub-runs
        foreach (var (key, values) in new[] { ("train", new[] { 1.0f, 0.5f }), ("test", new[] { 2.0f, 1.5f }) })
        {
            string runDir = Path.Combine(dir.Path, "loss_curves_" + key);
            string file = Assert.Single(Directory.GetFiles(runDir, "events.out.tfevents.*"));
            var events = EventFileReader.Read(file).Events;
            Assert.Equal("brain.Event:2", events[0].FileVersion);
            Assert.Equal(["loss/curves", "loss/curves"], events.Skip(1).Select(e => e.Summary![0].Tag));
            Assert.Equal(values, events.Skip(1).Select(e => e.Summary![0].SimpleValue!.Value));
            Assert.Equal([0L, 1L], events.Skip(1).Select(e => e.Step));
        }
    }

    [Fact]
    public void HparamsRunDecodesAsTheHParamsPluginReadsIt()
    {
        using var dir = new TemporaryDirectory();
        using (var writer = new SummaryWriter(dir.Path))
        {
            writer.AddHparams(
                new Dictionary<string, object?> { ["lr"] = 0.01, ["batch"] = 64, ["optimizer"] = "adam", ["nesterov"] = true, ["unused"] = null },
                new Dictionary<string, double> { ["hparam/accuracy"] = 0.9, ["hparam/loss"] = 0.3 },
                runName: "trial1");
        }

        string file = Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "trial1"), "events.out.tfevents.*"));
        var events = EventFileReader.Read(file).Events;
        Assert.Equal(6, events.Count);
        var values = events.Skip(1).Select(e => Assert.Single(e.Summary!)).ToList();
        Assert.Equal(
            ["_hparams_/experiment", "_hparams_/session_start_info", "_hparams_/session_end_info", "hparam/accuracy", "hparam/loss"],
            values.Select(v => v.Tag));
        foreach (var v in values.Take(3))
        {
            Assert.Equal("hparams", v.Metadata!.PluginName);
            Assert.Null(v.SimpleValue);
            Assert.Null(v.Tensor);
        }

        var experiment = HParamsPluginContent.Parse(values[0].Metadata!.PluginContent);
        Assert.Equal((0, HParamsPluginContent.ExperimentKind), (experiment.Version, experiment.Kind));
        Assert.Equal([("lr", 3), ("batch", 3), ("optimizer", 1), ("nesterov", 2)], experiment.HParamInfos);
        Assert.Equal(["hparam/accuracy", "hparam/loss"], experiment.MetricTags);

        var start = HParamsPluginContent.Parse(values[1].Metadata!.PluginContent);
        Assert.Equal(HParamsPluginContent.SessionStartKind, start.Kind);
        Assert.Equal(4, start.SessionHParams.Count);
        Assert.Equal(0.01, start.SessionHParams["lr"]);
        Assert.Equal(64.0, start.SessionHParams["batch"]);
        Assert.Equal("adam", start.SessionHParams["optimizer"]);
        Assert.Equal(true, start.SessionHParams["nesterov"]);

        var end = HParamsPluginContent.Parse(values[2].Metadata!.PluginContent);
        Assert.Equal((HParamsPluginContent.SessionEndKind, 1), (end.Kind, end.SessionStatus));

        Assert.Equal([0.9f, 0.3f], values.Skip(3).Select(v => v.SimpleValue!.Value));
    }

    [Fact]
    public void HparamsRunIsNamedByTheTimeByDefault()
    {
        using var dir = new TemporaryDirectory();
        using var writer = new SummaryWriter(dir.Path);
        double before = UnixNow();
        writer.AddHparams(new Dictionary<string, object?> { ["lr"] = 0.1 }, new Dictionary<string, double> { ["acc"] = 1 });
        string run = Path.GetFileName(Assert.Single(Directory.GetDirectories(dir.Path)));
        Assert.Matches(@"^\d+\.\d+$", run);
        Assert.InRange(double.Parse(run, System.Globalization.CultureInfo.InvariantCulture), before, UnixNow());
    }

    [Fact]
    public void ScalarsFromSeveralThreadsAllLand()
    {
        using var dir = new TemporaryDirectory();
        const int threads = 8, perThread = 2000;
        string path;
        using (var writer = new SummaryWriter(dir.Path, maxQueue: 16)) // small queue: writers must wait
        {
            path = writer.FilePath;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                for (int i = 0; i < perThread; i++) writer.AddScalar($"thread{t}", i * 0.5, step: i);
            });
        }

        var events = EventFileReader.Read(path).Events.Skip(1).ToList();
        Assert.Equal(threads * perThread, events.Count);
        for (int t = 0; t < threads; t++)
        {
            // one thread's events stay in its order
            var mine = events.Where(e => e.Summary![0].Tag == $"thread{t}").ToList();
            Assert.Equal(Enumerable.Range(0, perThread).Select(i => (long)i), mine.Select(e => e.Step));
            Assert.Equal(Enumerable.Range(0, perThread).Select(i => (float)(i * 0.5)), mine.Select(e => e.Summary![0].SimpleValue!.Value));
        }
    }

    [Fact]
    public void FlushMakesDataVisibleWhileTheWriterIsStillOpen()
    {
        using var dir = new TemporaryDirectory();
        using var writer = new SummaryWriter(dir.Path, flushInterval: TimeSpan.FromHours(1));
        for (int i = 0; i < 100; i++) writer.AddScalar("x", i, i);
        writer.Flush();
        var contents = EventFileReader.Read(writer.FilePath);
        Assert.Equal(101, contents.Events.Count);
        Assert.False(contents.IsTruncated);
    }

    [Fact]
    public void TheFirstDataIsFlushedWithoutWaitingForTheInterval()
    {
        using var dir = new TemporaryDirectory();
        using var writer = new SummaryWriter(dir.Path, flushInterval: TimeSpan.FromHours(1));
        writer.AddScalar("x", 1, 1);
        var deadline = Stopwatch.StartNew();
        while (EventFileReader.Read(writer.FilePath).Events.Count < 2)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "the first scalar never reached the file");
            Thread.Sleep(10);
        }
    }

    [Fact]
    public void BadInputIsRejectedWithMessagesThatNameIt()
    {
        using var dir = new TemporaryDirectory();
        using var writer = new SummaryWriter(dir.Path);
        Assert.Throws<ArgumentException>(() => writer.AddScalar("", 1, 0));
        var nan = Assert.Throws<ArgumentException>(() => writer.AddHistogram("w", [1f, float.NaN], 0));
        Assert.Contains("'w': element 1 is NaN", nan.Message);
        var empty = Assert.Throws<ArgumentException>(() => writer.AddHistogram("e", ReadOnlySpan<float>.Empty, 0));
        Assert.Contains("'e'", empty.Message);
        var huge = Assert.Throws<ArgumentException>(() => writer.AddHistogram("big", [1e30], 0));
        Assert.Contains("outside", huge.Message);
        var hp = Assert.Throws<ArgumentException>(() =>
            writer.AddHparams(new Dictionary<string, object?> { ["layers"] = new[] { 1, 2 } }, new Dictionary<string, double>()));
        Assert.Contains("'layers'", hp.Message);
        // the writer still works after rejected input
        writer.AddScalar("ok", 1, 0);
        writer.Flush();
        Assert.Equal(2, EventFileReader.Read(writer.FilePath).Events.Count);
    }

    [Fact]
    public void AddingAfterDisposeThrows()
    {
        using var dir = new TemporaryDirectory();
        var writer = new SummaryWriter(dir.Path);
        writer.Dispose();
        writer.Dispose(); // twice is fine
        Assert.Throws<ObjectDisposedException>(() => writer.AddScalar("x", 1, 0));
        Assert.Throws<ObjectDisposedException>(() => writer.AddScalars("x", new Dictionary<string, double> { ["a"] = 1 }, 0));
        Assert.Throws<ObjectDisposedException>(() => writer.Flush());
    }

    // Full tick precision, as the writer stamps events: a millisecond-truncated "after" could precede them.
    private static double UnixNow() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
}
