using GraphGen.Data;
using GraphGen.Monitoring;
using GraphGen.Nn;
using GraphGen.Samples;
using GraphGen.Serialization;

namespace GraphGen.Trainer.Tests;

[Collection(TrainerRuns.Name)]
public class TrainerAppTests
{
    [Fact]
    public void EndToEndRunWritesLogsCheckpointAndPlot()
    {
        using var temp = new TemporaryDirectory();
        string data = TinyFashionMnist.Write(temp.Combine("data"), trainCount: 64, testCount: 32);
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = TrainerApp.Run(
            ["--data", data, "--epochs", "2", "--batch-size", "16", "--logdir", temp.Combine("runs"), "--out", temp.Combine("out"), "--seed", "7"],
            output, error, interactive: false);

        Assert.True(exit == TrainerApp.ExitSuccess, $"exit {exit}: {error}");
        Assert.Equal("", error.ToString());
        string text = output.ToString();
        Assert.Contains("64 training and 32 test images", text);
        Assert.Contains("epoch 2/2 done in", text);
        Assert.Contains("Final test accuracy:", text);

        // TensorBoard: a loss per step, the per-epoch metrics, learning rate and parameter statistics.
        string runDirectory = Assert.Single(Directory.GetDirectories(temp.Combine("runs")));
        var mainFile = Assert.Single(Directory.GetFiles(runDirectory, "events.out.tfevents.*"));
        var contents = EventFileReader.Read(mainFile);
        Assert.False(contents.IsTruncated);
        Assert.Equal("brain.Event:2", contents.Events[0].FileVersion);
        // The model's compiled graph, for the Graphs tab, at the start of the run (its encoding is tested in Integration.Tests).
        Assert.Single(contents.Events, e => e.GraphDef is { Length: > 0 });
        var values = contents.Events.Where(e => e.Summary is not null).SelectMany(e => e.Summary!.Select(v => (e.Step, Value: v))).ToList();
        Assert.Equal(Enumerable.Range(1, 8).Select(s => (long)s), values.Where(v => v.Value.Tag == "loss/total").Select(v => v.Step));
        foreach (var tag in new[] { "train/accuracy", "train/loss", "test/accuracy", "test/loss", "learning_rate", "norms/weights", "norms/grads", "norms/weights/fc1.weight" })
            Assert.Equal([4L, 8L], values.Where(v => v.Value.Tag == tag).Select(v => v.Step));
        foreach (var tag in new[] { "weights/fc1.weight", "weights/fc2.bias", "grads/fc1.weight", "grads/fc2.bias" })
            Assert.Equal(2, values.Count(v => v.Value.Tag == tag && v.Value.Histogram is { Num: > 0 }));
        // It learned: the last epoch's mean training loss is well below the first step's (about ln 10 = 2.30).
        var trainLosses = values.Where(v => v.Value.Tag == "train/loss").Select(v => v.Value.SimpleValue!.Value).ToList();
        float firstStepLoss = values.First(v => v.Value.Tag == "loss/total").Value.SimpleValue!.Value;
        Assert.True(trainLosses[^1] < firstStepLoss - 0.2f, $"train loss went from {firstStepLoss} (step 1) to {trainLosses[^1]} (epoch 2)");
        // Cosine annealing over 2 epochs: epoch 1 trains at 1e-3, epoch 2 at 1e-3 * (1 + cos(pi / 2)) / 2.
        Assert.Equal([1e-3f, 5e-4f], values.Where(v => v.Value.Tag == "learning_rate").Select(v => v.Value.SimpleValue!.Value));
        // AddScalars and AddHparams write their own runs next to the main file.
        var allFiles = EventFileReader.FindEventFiles(runDirectory);
        Assert.Contains(allFiles, f => f.Contains("accuracy_test", StringComparison.Ordinal));
        Assert.Contains(allFiles, f => EventFileReader.Read(f).Events.Any(e => e.Summary?.Any(v => v.Tag == "hparam/test_accuracy") == true));

        // The checkpoint holds the trained weights: loaded into a fresh model it scores what the run reported.
        string checkpoint = temp.Combine("out", TrainerApp.ModelFileName);
        Assert.Contains($"Weights:    {checkpoint}", text);
        var state = Safetensors.Load(checkpoint, out var metadata);
        Assert.Equal(["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"], state.Keys.Order(StringComparer.Ordinal));
        var restored = new FashionClassifier();
        restored.LoadStateDict(state);
        var test = FashionMnist.Load(data, train: false);
        double reported = double.Parse(metadata["test_accuracy"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(reported, Accuracy(restored, test));
        Assert.True(reported > 0.2, $"2 epochs on 64 images should beat chance (10%); got {reported}");

        // The plot is a real PNG of a sensible size, named in the output.
        string plot = temp.Combine("out", TrainerApp.PlotFileName);
        Assert.Contains($"Curves:     {plot}", text);
        var png = File.ReadAllBytes(plot);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.True(png.Length > 10_000, $"the plot is only {png.Length} bytes");
    }

    [Fact]
    public void CnnRunSavesItsLayersAndScoresWhatItReports()
    {
        using var temp = new TemporaryDirectory();
        string data = TinyFashionMnist.Write(temp.Combine("data"), trainCount: 64, testCount: 32);

        var (exit, text, error) = TrainerInvocation.Run(
            "--model", "cnn", "--data", data, "--epochs", "2", "--batch-size", "16", "--logdir", temp.Combine("runs"), "--out", temp.Combine("out"), "--seed", "7");

        Assert.True(exit == TrainerApp.ExitSuccess, $"exit {exit}: {error}");
        Assert.Contains("FashionCnnNet(", text);
        Assert.Contains("(conv1): Conv2d(1, 32, kernel_size=(3, 3)", text);
        string runDirectory = Assert.Single(Directory.GetDirectories(temp.Combine("runs")));
        Assert.Contains("_cnn_adam_", Path.GetFileName(runDirectory), StringComparison.Ordinal);

        // PyTorch's keys, BatchNorm's running statistics included; loaded into a fresh net (in [B, 1, 28, 28]) it scores what the run reported.
        var state = Safetensors.Load(temp.Combine("out", TrainerApp.ModelFileName), out var metadata);
        foreach (var key in new[] { "conv1.weight", "conv1.bias", "bn1.weight", "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked", "conv2.weight", "bn2.running_var", "fc.weight", "fc.bias" })
            Assert.Contains(key, state.Keys);
        Assert.Equal(2 * 4, state["bn1.num_batches_tracked"].Item<long>());
        var restored = new FashionCnnNet();
        restored.LoadStateDict(state);
        var test = FashionMnist.Load(data, train: false, flatten: false);
        double reported = double.Parse(metadata["test_accuracy"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(reported, Accuracy(restored, test));
        Assert.True(reported > 0.2, $"2 epochs on 64 images should beat chance (10%); got {reported}");
    }

    [Fact]
    public void HelpPrintsTheUsageAndSucceeds()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(TrainerApp.ExitSuccess, TrainerApp.Run(["--help"], output, error, interactive: false));
        Assert.Contains("--batch-size <n>", output.ToString());
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void BadOptionIsOneLineAndExitCode2()
    {
        var (exit, output, error) = TrainerInvocation.Run("--epochs", "lots");
        Assert.Equal(TrainerApp.ExitUsage, exit);
        Assert.Equal("", output);
        Assert.Equal("error: --epochs: 'lots' is not a whole number; expected 1 to 10000." + Environment.NewLine, error);
    }

    [Fact]
    public void MissingDataDirectoryIsOneLineAndExitCode1()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-fashion-mnist-" + Guid.NewGuid().ToString("N"));
        var (exit, output, error) = TrainerInvocation.Run("--data", missing);
        Assert.Equal(TrainerApp.ExitFailure, exit);
        Assert.Equal("", output);
        Assert.Equal($"error: --data: directory '{missing}' does not exist." + Environment.NewLine, error);
    }

    [Fact]
    public void DataPathThatIsAFileIsRefused()
    {
        using var temp = new TemporaryDirectory();
        string file = temp.Combine("train-images-idx3-ubyte.gz");
        File.WriteAllText(file, "not a directory");
        var (exit, output, error) = TrainerInvocation.Run("--data", file);
        Assert.Equal(TrainerApp.ExitFailure, exit);
        Assert.Equal("", output);
        Assert.Equal($"error: --data: '{file}' is a file; pass the directory that holds the four IDX files." + Environment.NewLine, error);
    }

    [Fact]
    public void UnwritableOutDirectoryFailsBeforeTraining()
    {
        using var temp = new TemporaryDirectory();
        string data = TinyFashionMnist.Write(temp.Combine("data"), trainCount: 10, testCount: 10);
        string blocker = temp.Combine("blocker");
        File.WriteAllText(blocker, "a file where a directory should go");
        string outDirectory = Path.Combine(blocker, "out");
        var (exit, output, error) = TrainerInvocation.Run("--data", data, "--logdir", temp.Combine("runs"), "--out", outDirectory);
        Assert.Equal(TrainerApp.ExitFailure, exit);
        Assert.DoesNotContain("done in", output);
        Assert.StartsWith($"error: --out: cannot create directory '{outDirectory}': ", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        using var temp = new TemporaryDirectory();
        string data = TinyFashionMnist.Write(temp.Combine("data"), trainCount: 10, testCount: 10);
        File.Delete(Path.Combine(data, "t10k-labels-idx1-ubyte.gz"));
        var (exit, _, error) = TrainerInvocation.Run("--data", data);
        Assert.Equal(TrainerApp.ExitFailure, exit);
        Assert.Equal(
            $"error: Fashion-MNIST from {data}: '{Path.Combine(data, "t10k-labels-idx1-ubyte.gz")}' (or the same name without .gz) was not found." + Environment.NewLine,
            error);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, "is not a valid gzip file")]
    [InlineData(null, "is truncated")]
    public void CorruptFileIsOneLineNamingIt(byte[]? garbage, string problem)
    {
        using var temp = new TemporaryDirectory();
        string data = TinyFashionMnist.Write(temp.Combine("data"), trainCount: 10, testCount: 10);
        string images = Path.Combine(data, "train-images-idx3-ubyte.gz");
        if (garbage is null)
        {
            // A valid gzip stream whose IDX header promises 10 images but holds half of one.
            using var gz = new System.IO.Compression.GZipStream(File.Create(images), System.IO.Compression.CompressionLevel.Fastest);
            gz.Write([0, 0, 8, 3, 0, 0, 0, 10, 0, 0, 0, 28, 0, 0, 0, 28]);
            gz.Write(new byte[392]);
        }
        else
        {
            File.WriteAllBytes(images, garbage);
        }
        var (exit, output, error) = TrainerInvocation.Run("--data", data);
        Assert.Equal(TrainerApp.ExitFailure, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"error: Fashion-MNIST from {data}: '{images}' {problem}", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }


    private static double Accuracy(Module net, FashionMnist data)
    {
        net.Eval();
        using var _ = Autograd.NoGrad();
        return net.Call(data.Images).ArgMax(1).Eq(data.Labels).Sum().Item<long>() / (double)data.Count;
    }
}
