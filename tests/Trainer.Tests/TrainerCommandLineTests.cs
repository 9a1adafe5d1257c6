namespace GraphGen.Trainer.Tests;

public class TrainerCommandLineTests
{
    [Fact]
    public void NoArgumentsGiveTheDefaults()
    {
        var options = TrainerCommandLine.Parse([]);
        Assert.Equal(new TrainerOptions(), options);
        Assert.Equal(10, options.Epochs);
        Assert.Equal(LrSchedule.Cosine, options.Schedule);
        Assert.Equal(64, options.BatchSize);
        Assert.Equal(OptimizerKind.Adam, options.Optimizer);
        Assert.Equal(ModelKind.Mlp, options.Model);
        Assert.Equal(1e-3, options.LearningRate);
        Assert.Null(options.DataDirectory);
        Assert.False(options.Full);
        Assert.Equal("runs", options.LogDir);
        Assert.Null(options.OutDir);
        Assert.Null(options.Threads);
    }

    [Fact]
    public void EveryOptionIsRead()
    {
        var options = TrainerCommandLine.Parse([
            "--model", "CNN", "--epochs", "7", "--batch-size=128", "--lr", "2.5e-2", "--optimizer", "RMSprop", "--schedule", "constant", "--data", "/tmp/fm",
            "--logdir", "logs", "--seed", "-3", "--threads", "1", "--out", "ckpt"]);
        Assert.Equal(ModelKind.Cnn, options.Model);
        Assert.Equal(7, options.Epochs);
        Assert.Equal(128, options.BatchSize);
        Assert.Equal(0.025, options.LearningRate);
        Assert.Equal(OptimizerKind.RmsProp, options.Optimizer);
        Assert.Equal(LrSchedule.Constant, options.Schedule);
        Assert.Equal("/tmp/fm", options.DataDirectory);
        Assert.Equal("logs", options.LogDir);
        Assert.Equal(-3, options.Seed);
        Assert.Equal("ckpt", options.OutDir);
        Assert.Equal(1, options.Threads);
        Assert.False(options.ShowHelp);
    }

    [Theory]
    [InlineData("sgd", OptimizerKind.Sgd, 0.1)]
    [InlineData("adam", OptimizerKind.Adam, 1e-3)]
    [InlineData("adamw", OptimizerKind.AdamW, 1e-3)]
    [InlineData("rmsprop", OptimizerKind.RmsProp, 1e-3)]
    [InlineData("adagrad", OptimizerKind.Adagrad, 1e-2)]
    public void EachOptimizerHasADefaultLearningRate(string name, OptimizerKind kind, double lr)
    {
        var options = TrainerCommandLine.Parse(["--optimizer", name]);
        Assert.Equal(kind, options.Optimizer);
        Assert.Equal(lr, options.LearningRate);
        Assert.Equal(name, OptimizerFactory.Name(kind));
    }

    [Fact]
    public void FullChoosesDebiansDataSet() => Assert.True(TrainerCommandLine.Parse(["--full"]).Full);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void HelpWinsOverEverythingElse(string flag) =>
        Assert.True(TrainerCommandLine.Parse(["--epochs", "3", flag, "--bogus"]).ShowHelp);

    [Theory]
    [InlineData(new[] { "--epoch", "3" }, "unknown option '--epoch' (see --help).")]
    [InlineData(new[] { "3" }, "unexpected argument '3'; options start with '--' (see --help).")]
    [InlineData(new[] { "--epochs" }, "--epochs needs a value (see --help).")]
    [InlineData(new[] { "--epochs", "--lr", "1" }, "--epochs needs a value (see --help).")]
    [InlineData(new[] { "--epochs", "three" }, "--epochs: 'three' is not a whole number; expected 1 to 10000.")]
    [InlineData(new[] { "--epochs", "2.5" }, "--epochs: '2.5' is not a whole number; expected 1 to 10000.")]
    [InlineData(new[] { "--epochs", "0" }, "--epochs: 0 is out of range; expected 1 to 10000.")]
    [InlineData(new[] { "--epochs", "99999999999999" }, "--epochs: 99999999999999 is out of range; expected 1 to 10000.")]
    [InlineData(new[] { "--batch-size=-4" }, "--batch-size: -4 is out of range; expected 1 to 1048576.")]
    [InlineData(new[] { "--lr", "fast" }, "--lr: 'fast' is not a number; expected a learning rate such as 0.001 or 1e-3.")]
    [InlineData(new[] { "--lr", "NaN" }, "--lr: 'NaN' is not a number; expected a learning rate such as 0.001 or 1e-3.")]
    [InlineData(new[] { "--lr", "0" }, "--lr: 0 is out of range; expected more than 0 and at most 10.")]
    [InlineData(new[] { "--lr", "-0.1" }, "--lr: -0.1 is out of range; expected more than 0 and at most 10.")]
    [InlineData(new[] { "--model", "resnet" }, "--model: 'resnet' is not a model; expected mlp or cnn.")]
    [InlineData(new[] { "--model" }, "--model needs a value (see --help).")]
    [InlineData(new[] { "--optimizer", "lbfgs" }, "--optimizer: 'lbfgs' is not an optimizer; expected sgd, adam, adamw, rmsprop or adagrad.")]
    [InlineData(new[] { "--schedule", "step" }, "--schedule: 'step' is not a schedule; expected cosine or constant.")]
    [InlineData(new[] { "--seed", "x" }, "--seed: 'x' is not a whole number; expected a 64-bit integer such as 42.")]
    [InlineData(new[] { "--threads", "0" }, "--threads: 0 is out of range; expected 1 to 1024.")]
    [InlineData(new[] { "--threads", "two" }, "--threads: 'two' is not a whole number; expected 1 to 1024.")]
    [InlineData(new[] { "--data", "" }, "--data: the path is empty.")]
    [InlineData(new[] { "--full=yes" }, "--full takes no value.")]
    [InlineData(new[] { "--epochs", "2", "--epochs=3" }, "--epochs is given more than once.")]
    [InlineData(new[] { "--resume", "" }, "--resume: the path is empty.")]
    [InlineData(new[] { "--full", "--data", "d" }, "--data and --full both choose the data set; give one of them.")]
    public void BadInputIsOneClearMessage(string[] args, string message)
    {
        var e = Assert.Throws<OptionsException>(() => TrainerCommandLine.Parse(args));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void GeneratedHelpNamesEveryOption()
    {
        string help = TrainerCommandLine.Help();
        foreach (var option in new[] { "--model <name>", "--epochs <n>", "--batch-size <n>", "--lr <x>", "--optimizer <name>", "--schedule <name>", "--data <dir>", "--full", "--logdir <dir>", "--seed <n>", "--threads <n>", "--out <dir>", "--resume <checkpoint>", "--help", "--version" })
            Assert.Contains(option, help);
    }

    [Fact]
    public void VersionIsTheAssemblysVersion()
    {
        Assert.True(TrainerCommandLine.Parse(["--version"]).ShowVersion);
        Assert.Matches(@"^\d+\.\d+\.\d+", TrainerCommandLine.Version());
    }

    [Fact]
    public void ResumeNamesTheCheckpoint() =>
        Assert.Equal("runs/x/checkpoint.safetensors", TrainerCommandLine.Parse(["--resume", "runs/x/checkpoint.safetensors"]).Resume);
}
