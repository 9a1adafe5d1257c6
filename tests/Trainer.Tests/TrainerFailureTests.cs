using GraphGen.Serialization;

namespace GraphGen.Trainer.Tests;

/// <summary>Runs that cannot finish: empty data, a diverging loss, a save that fails. Each is one clear line and a non-zero exit.</summary>
[Collection(TrainerRuns.Name)]
public class TrainerFailureTests
{
    [Theory]
    [InlineData(0, 16, "the training set has no images; the trainer needs at least one.")]
    [InlineData(16, 0, "the test set has no images; the trainer measures test accuracy after every epoch and needs at least one.")]
    public void EmptySplitIsOneLineAndExitCode1(int trainCount, int testCount, string problem)
    {
        using var temp = new TemporaryDirectory();
        string data = TinyFashionMnist.Write(temp.Combine("data"), trainCount, testCount);
        var (exit, output, error) = TrainerInvocation.Run("--data", data, "--logdir", temp.Combine("runs"));
        Assert.Equal(TrainerApp.ExitFailure, exit);
        Assert.Equal("", output);
        Assert.Equal($"error: Fashion-MNIST from {data}: {problem}" + Environment.NewLine, error);
        Assert.False(Directory.Exists(temp.Combine("runs")));
    }

    [Fact]
    public void DivergingLossStopsWithEpochStepAndLearningRate()
    {
        using var temp = new TemporaryDirectory();
        string data = TinyFashionMnist.Write(temp.Combine("data"), trainCount: 64, testCount: 16);
        var (exit, output, error) = TrainerInvocation.Run("--data", data, "--optimizer", "sgd", "--lr", "9", "--batch-size", "16", "--epochs", "3",
            "--logdir", temp.Combine("runs"), "--out", temp.Combine("out"));
        Assert.Equal(TrainerApp.ExitDiverged, exit);
        Assert.Matches(@"^error: the loss (exploded to [0-9.e+]+, over 100 times the first step's [0-9.]+,|became (NaN|∞|-∞)) at epoch 1, step \d \(global step \d\) with learning rate 9; training stopped\. No epoch finished, so there is no checkpoint\. Try a smaller --lr\.\r?\n$", error);
        Assert.DoesNotContain("Final test accuracy", output);
        Assert.False(File.Exists(temp.Combine("out", TrainerApp.ModelFileName)));
    }

    [Fact]
    public void DivergenceAfterACheckpointKeepsIt()
    {
        using var temp = new TemporaryDirectory();
        string data = TinyFashionMnist.Write(temp.Combine("data"), trainCount: 64, testCount: 16);
        string[] options = ["--data", data, "--optimizer", "sgd", "--lr", "9", "--batch-size", "16", "--epochs", "3", "--logdir", temp.Combine("runs"), "--out", temp.Combine("out")];
        // A checkpoint from a safe rate cannot be resumed at --lr 9 (other settings), so the good checkpoint comes
        // from the diverging run itself, interrupted after its second step, before the loss explodes.
        using var interrupt = new CancellationTokenSource();
        var output = new CancellingWriter("epoch 1/3  batch 2/4", interrupt);
        int first = TrainerApp.Run(options, output, new StringWriter(), interactive: false, interrupt.Token);
        Assert.Equal(TrainerApp.ExitInterrupted, first);
        string checkpoint = temp.Combine("out", TrainerApp.CheckpointFileName);
        byte[] good = File.ReadAllBytes(checkpoint);

        var (exit, _, error) = TrainerInvocation.Run([.. options, "--resume", checkpoint]);

        Assert.Equal(TrainerApp.ExitDiverged, exit);
        Assert.EndsWith($"training stopped. The last good checkpoint is '{checkpoint}'. Try a smaller --lr." + Environment.NewLine, error);
        Assert.Equal(good, File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public void FailedSaveKeepsTheWeightsAndThePreviousCheckpoint()
    {
        using var temp = new TemporaryDirectory();
        string data = TinyFashionMnist.Write(temp.Combine("data"), trainCount: 32, testCount: 16);
        string outDirectory = temp.Combine("out");
        // A directory where the final weights should go: the output directory takes files, but not that one.
        string weights = Path.Combine(outDirectory, TrainerApp.ModelFileName);
        Directory.CreateDirectory(weights);

        var (exit, output, error) = TrainerInvocation.Run("--data", data, "--epochs", "2", "--batch-size", "16", "--logdir", temp.Combine("runs"), "--out", outDirectory);

        Assert.Equal(TrainerApp.ExitFailure, exit);
        Assert.Contains("epoch 2/2 done", output);
        var match = System.Text.RegularExpressions.Regex.Match(error, $"^error: cannot save the trained weights to '{System.Text.RegularExpressions.Regex.Escape(weights)}': .+; it was saved to '(?<fallback>[^']+)' instead\\.\\r?\\n$");
        Assert.True(match.Success, error);
        string fallback = match.Groups["fallback"].Value;
        try
        {
            var restored = new FashionClassifier();
            restored.LoadStateDict(Safetensors.Load(fallback));
            Assert.Equal(2, TrainingCheckpoint.Load(Path.Combine(outDirectory, TrainerApp.CheckpointFileName)).Info.EpochsDone);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(fallback)!, recursive: true);
        }
    }
}
