using GraphGen.Monitoring;
using GraphGen.Serialization;

namespace GraphGen.Trainer.Tests;

[Collection(TrainerRuns.Name)]
public class ResumeTests
{
    // 64 training images in batches of 16: 4 steps per epoch, 12 in all.
    private const int StepsPerEpoch = 4, Epochs = 3;

    [Theory]
    [InlineData("mlp", "epoch 2/3  batch 2/4", 2, 2, 6)] // mid-epoch: after the second batch of epoch 2
    [InlineData("mlp", "epoch 1/3 done", 2, 0, 4)] // at an epoch's end
    [InlineData("cnn", "epoch 2/3  batch 2/4", 2, 2, 6)] // the CNN's BatchNorm running statistics resume too
    public void InterruptedRunResumesToTheSameParametersAccuracyAndLogs(string model, string stopAfterLine, int epoch, int batch, int step)
    {
        using var temp = new TemporaryDirectory();
        string data = TinyFashionMnist.Write(temp.Combine("data"), trainCount: 64, testCount: 32);
        string[] Options(string name) =>
            ["--model", model, "--data", data, "--epochs", $"{Epochs}", "--batch-size", "16", "--threads", "1", "--seed", "7",
             "--logdir", temp.Combine(name, "runs"), "--out", temp.Combine(name, "out")];

        var straight = TrainerInvocation.Run(Options("straight"));
        Assert.True(straight.Exit == TrainerApp.ExitSuccess, straight.Error);

        using var interrupt = new CancellationTokenSource();
        var output = new CancellingWriter(stopAfterLine, interrupt);
        var error = new StringWriter();
        int exit = TrainerApp.Run(Options("resumed"), output, error, interactive: false, interrupt.Token);
        Assert.True(exit == TrainerApp.ExitInterrupted, $"exit {exit}: {error}");
        string checkpoint = temp.Combine("resumed", "out", TrainerApp.CheckpointFileName);
        string text = output.ToString();
        Assert.Contains($"Interrupted at epoch {epoch}, batch {batch}/{StepsPerEpoch} (step {step}).", text);
        string continueLine = Assert.Single(text.Split(Environment.NewLine), l => l.StartsWith("Continue with: ", StringComparison.Ordinal));
        Assert.Equal($"Continue with: dotnet run --project samples/Trainer -c Release -- {string.Join(" ", Options("resumed"))} --resume {checkpoint}", continueLine);
        Assert.False(File.Exists(temp.Combine("resumed", "out", TrainerApp.ModelFileName)));
        var saved = TrainingCheckpoint.Load(checkpoint).Info;
        Assert.Equal((epoch - 1, batch, (long)step), (saved.EpochsDone, saved.BatchesDone, saved.GlobalStep));

        var resumed = TrainerInvocation.Run([.. Options("resumed"), "--resume", checkpoint]);
        Assert.True(resumed.Exit == TrainerApp.ExitSuccess, resumed.Error);
        Assert.Contains($"Resuming {checkpoint} at epoch {epoch}, batch {batch}/{StepsPerEpoch} (step {step})", resumed.Output);

        // Bit-identical weights and the same reported accuracy as the uninterrupted run.
        var expected = Safetensors.Load(temp.Combine("straight", "out", TrainerApp.ModelFileName), out var expectedMetadata);
        var actual = Safetensors.Load(temp.Combine("resumed", "out", TrainerApp.ModelFileName), out var actualMetadata);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, tensor) in expected)
            Assert.True(Bits(tensor).SequenceEqual(Bits(actual[key])), $"{key} differs after resuming");
        Assert.Equal(expectedMetadata["test_accuracy"], actualMetadata["test_accuracy"]);

        // TensorBoard: across the interrupted and the resumed event files, every step once, with the same values.
        var expectedLog = Scalars(temp.Combine("straight", "runs"));
        var actualLog = Scalars(temp.Combine("resumed", "runs"));
        Assert.Equal(Enumerable.Range(1, Epochs * StepsPerEpoch).Select(s => (long)s), actualLog.Where(v => v.Tag == "loss/total").Select(v => v.Step));
        Assert.Equal([4L, 8L, 12L], actualLog.Where(v => v.Tag == "test/accuracy").Select(v => v.Step));
        Assert.Equal(expectedLog.Where(v => v.Tag != "throughput/samples_per_second"), actualLog.Where(v => v.Tag != "throughput/samples_per_second"));
    }

    [Fact]
    public void ResumingWithOtherSettingsIsRefusedByName()
    {
        using var temp = new TemporaryDirectory();
        string[] options = TrainOneEpoch(temp);
        string checkpoint = temp.Combine("out", TrainerApp.CheckpointFileName);

        var (exit, _, error) = TrainerInvocation.Run([.. options, "--lr", "0.01", "--resume", checkpoint]);

        Assert.Equal(TrainerApp.ExitUsage, exit);
        Assert.Equal($"error: --resume: '{checkpoint}' was trained with --lr 0.001 (this command gives 0.01); give the options the run was started with." + Environment.NewLine, error);
    }

    [Fact]
    public void ResumingWithTheOtherModelIsRefusedByName()
    {
        using var temp = new TemporaryDirectory();
        string[] options = TrainOneEpoch(temp);
        string checkpoint = temp.Combine("out", TrainerApp.CheckpointFileName);

        var (exit, _, error) = TrainerInvocation.Run([.. options, "--model", "cnn", "--resume", checkpoint]);

        Assert.Equal(TrainerApp.ExitUsage, exit);
        Assert.Equal($"error: --resume: '{checkpoint}' was trained with --model mlp (this command gives cnn); give the options the run was started with." + Environment.NewLine, error);
    }

    [Fact]
    public void ResumingFromTheWeightsOnlyFileSaysWhichFileToPass()
    {
        using var temp = new TemporaryDirectory();
        string[] options = TrainOneEpoch(temp);
        string weights = temp.Combine("out", TrainerApp.ModelFileName);

        var (exit, _, error) = TrainerInvocation.Run([.. options, "--resume", weights]);

        Assert.Equal(TrainerApp.ExitFailure, exit);
        Assert.StartsWith($"error: --resume: '{weights}' holds weights but no training state; pass the {TrainerApp.CheckpointFileName} a run wrote", error);
    }

    [Fact]
    public void MissingCheckpointIsNamed()
    {
        using var temp = new TemporaryDirectory();
        string data = TinyFashionMnist.Write(temp.Combine("data"), trainCount: 32, testCount: 16);
        string missing = temp.Combine("nowhere", TrainerApp.CheckpointFileName);
        var (exit, _, error) = TrainerInvocation.Run("--data", data, "--resume", missing);
        Assert.Equal(TrainerApp.ExitFailure, exit);
        Assert.Equal($"error: --resume: checkpoint '{missing}' does not exist." + Environment.NewLine, error);
    }

    [Fact]
    public void ContinueCommandQuotesWhatAShellWouldSplit() =>
        Assert.Equal(
            "dotnet run --project samples/Trainer -c Release -- --data 'my data' --lr=0.1 --out 'it'\\''s' --resume out/checkpoint.safetensors",
            ContinueCommand.For(["--data", "my data", "--lr=0.1", "--resume", "old", "--out", "it's"], "out/checkpoint.safetensors"));

    /// <summary>A finished one-epoch run in <paramref name="temp"/> (checkpoint and weights under out/); returns its options.</summary>
    private static string[] TrainOneEpoch(TemporaryDirectory temp)
    {
        string data = TinyFashionMnist.Write(temp.Combine("data"), trainCount: 32, testCount: 16);
        string[] options = ["--data", data, "--epochs", "1", "--batch-size", "16", "--logdir", temp.Combine("runs"), "--out", temp.Combine("out")];
        Assert.Equal(TrainerApp.ExitSuccess, TrainerInvocation.Run(options).Exit);
        return options;
    }

    /// <summary>The raw values: float32 weights as bits, int64 buffers (BatchNorm's num_batches_tracked) as they are.</summary>
    private static IEnumerable<ulong> Bits(Tensor tensor) => tensor.DType == DType.Int64
        ? tensor.ToArray<long>().Select(v => (ulong)v)
        : tensor.ToArray<float>().Select(v => (ulong)BitConverter.SingleToUInt32Bits(v));

    /// <summary>Every scalar in the run's main event files, by step (a duplicated or missing step stays visible).</summary>
    private static List<(string Tag, long Step, uint Bits)> Scalars(string logDir)
    {
        string runDirectory = Assert.Single(Directory.GetDirectories(logDir));
        return Directory.GetFiles(runDirectory, "events.out.tfevents.*")
            .SelectMany(f => EventFileReader.Read(f).Events)
            .Where(e => e.Summary is not null)
            .SelectMany(e => e.Summary!.Where(v => v.SimpleValue is not null).Select(v => (v.Tag, e.Step, BitConverter.SingleToUInt32Bits(v.SimpleValue!.Value))))
            .OrderBy(v => v.Step).ThenBy(v => v.Tag, StringComparer.Ordinal)
            .ToList();
    }
}
