using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;

namespace GraphGen.Trainer;

/// <summary>
/// The trainer's command line, declared with System.CommandLine (which generates <c>--help</c> and
/// <c>--version</c>). Every mistake — an unknown option, a missing or non-numeric value, a value out of range, an
/// option given twice — is one message that names the option and what it expects.
/// </summary>
public static class TrainerCommandLine
{
    public const int MaxEpochs = 10_000;
    public const int MaxBatchSize = 1 << 20;
    public const double MaxLr = 10;
    public const int MaxThreads = 1024;

    private static readonly TrainerOptions Defaults = new();

    private static readonly Option<int> Epochs = new("--epochs")
    {
        Description = $"Passes over the training set [default: {Defaults.Epochs}]",
        HelpName = "n",
        CustomParser = r => ParseInt(r, 1, MaxEpochs),
    };

    private static readonly Option<int> BatchSize = new("--batch-size")
    {
        Description = $"Images per step [default: {Defaults.BatchSize}]",
        HelpName = "n",
        CustomParser = r => ParseInt(r, 1, MaxBatchSize),
    };

    private static readonly Option<double?> Lr = new("--lr")
    {
        Description = "Learning rate [default: 0.1 for sgd, 0.01 for adagrad, 0.001 otherwise]",
        HelpName = "x",
        CustomParser = ParseLr,
    };

    private static readonly Option<ModelKind> Model = new("--model")
    {
        Description = "mlp (784-256-10, compiled) | cnn (conv32-BN-pool, conv64-BN-pool, linear) [default: mlp]",
        HelpName = "name",
        CustomParser = r => ParseName(r, "a model", "mlp or cnn", Enum.GetValues<ModelKind>()),
    };

    private static readonly Option<OptimizerKind> Optimizer = new("--optimizer")
    {
        Description = "sgd | adam | adamw | rmsprop | adagrad [default: adam]",
        HelpName = "name",
        CustomParser = r => ParseName(r, "an optimizer", "sgd, adam, adamw, rmsprop or adagrad", Enum.GetValues<OptimizerKind>()),
    };

    private static readonly Option<LrSchedule> Schedule = new("--schedule")
    {
        Description = "cosine (anneal the learning rate to 0 over the epochs) | constant [default: cosine]",
        HelpName = "name",
        CustomParser = r => ParseName(r, "a schedule", "cosine or constant", Enum.GetValues<LrSchedule>()),
    };

    private static readonly Option<string?> Data = new("--data")
    {
        Description = "Read the four Fashion-MNIST IDX files (.gz or raw) from <dir>",
        HelpName = "dir",
        CustomParser = ParsePath,
    };

    private static readonly Option<bool> Full = new("--full")
    {
        Description = "The full set (60k/10k) from Debian's dataset-fashion-mnist (apt-get install -y dataset-fashion-mnist)",
        Arity = ArgumentArity.Zero,
    };

    private static readonly Option<string?> LogDir = new("--logdir")
    {
        Description = $"Parent of the TensorBoard run directories [default: {Defaults.LogDir}]",
        HelpName = "dir",
        CustomParser = ParsePath,
    };

    private static readonly Option<long> Seed = new("--seed")
    {
        Description = $"Seeds the weights and the shuffling [default: {Defaults.Seed}]",
        HelpName = "n",
        CustomParser = ParseSeed,
    };

    private static readonly Option<int?> Threads = new("--threads")
    {
        Description = "Worker threads for the CPU kernels [default: one per processor]",
        HelpName = "n",
        CustomParser = r => ParseInt(r, 1, MaxThreads),
    };

    private static readonly Option<string?> Out = new("--out")
    {
        Description = "Where the checkpoints and the plot go [default: the run's log directory]",
        HelpName = "dir",
        CustomParser = ParsePath,
    };

    private static readonly Option<string?> Resume = new("--resume")
    {
        Description = "Continue the run saved in <checkpoint> (give the options it was started with)",
        HelpName = "checkpoint",
        CustomParser = ParsePath,
    };

    /// <summary>The root command: every option, with System.CommandLine's own <c>-h/--help</c> and <c>--version</c>.</summary>
    public static RootCommand Command { get; } = Build();

    /// <summary>
    /// Parses <paramref name="args"/> into options; throws <see cref="OptionsException"/> for anything it cannot use.
    /// <c>--help</c> and <c>--version</c> win over everything else and are reported in <see cref="TrainerOptions.ShowHelp"/>
    /// and <see cref="TrainerOptions.ShowVersion"/>.
    /// </summary>
    public static TrainerOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (int i = 0; i < args.Count; i++)
            if (args[i] is null) throw new OptionsException($"argument {i} is null.");
        var result = Command.Parse(args);
        if (result.Action is HelpAction) return Defaults with { ShowHelp = true };
        if (FirstError(result, args) is { } message) throw new OptionsException(message);
        if (result.GetResult(Command.Options.OfType<VersionOption>().Single()) is not null) return Defaults with { ShowVersion = true };

        var options = new TrainerOptions
        {
            Epochs = Value(result, Epochs, Defaults.Epochs),
            BatchSize = Value(result, BatchSize, Defaults.BatchSize),
            Lr = result.GetValue(Lr),
            Model = Value(result, Model, Defaults.Model),
            Optimizer = Value(result, Optimizer, Defaults.Optimizer),
            Schedule = Value(result, Schedule, Defaults.Schedule),
            DataDirectory = result.GetValue(Data),
            Full = result.GetValue(Full),
            LogDir = result.GetValue(LogDir) ?? Defaults.LogDir,
            Seed = Value(result, Seed, Defaults.Seed),
            Threads = result.GetValue(Threads),
            OutDir = result.GetValue(Out),
            Resume = result.GetValue(Resume),
        };
        if (options.Full && options.DataDirectory is not null)
            throw new OptionsException("--data and --full both choose the data set; give one of them.");
        return options;
    }

    /// <summary>The generated help text (what <c>--help</c> prints).</summary>
    public static string Help() => Invoke("--help");

    /// <summary>The trainer's version (what <c>--version</c> prints).</summary>
    public static string Version() => Invoke("--version");

    private static string Invoke(string flag)
    {
        var output = new StringWriter();
        Command.Parse([flag]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        return output.ToString().TrimEnd();
    }

    private static RootCommand Build()
    {
        var command = new RootCommand(
            "GraphGen trainer: a classifier on Fashion-MNIST (a [Module]-compiled MLP, or a CNN with --model cnn), with TensorBoard logs, checkpoints that " +
            "--resume continues exactly, and a PNG of the loss and accuracy curves.\n\n" +
            "Usage: dotnet run --project samples/Trainer -c Release [-- options]\n" +
            "Without --data or --full it trains on the embedded subset (12,000 training and 2,000 test images). " +
            "Ctrl+C saves a checkpoint and prints the command that continues the run. Watch the run with: tensorboard --logdir runs\n" +
            "Exit codes: 0 done, 1 failed (data, files), 2 bad command line, 3 the loss diverged, 130 interrupted.");
        foreach (var option in new Option[] { Model, Epochs, BatchSize, Lr, Optimizer, Schedule, Data, Full, LogDir, Seed, Threads, Out, Resume })
        {
            option.Validators.Add(OnlyOnce);
            command.Options.Add(option);
        }
        return command;
    }

    /// <summary>
    /// The first problem, in the trainer's words: an option's own error first (System.CommandLine's arity messages
    /// reworded), then an unknown option or stray argument, then anything else.
    /// </summary>
    private static string? FirstError(ParseResult result, IReadOnlyList<string> args)
    {
        foreach (var error in result.Errors)
        {
            var option = error.SymbolResult as OptionResult ?? error.SymbolResult?.Parent as OptionResult;
            if (option is null) continue;
            if (option.IdentifierTokenCount > 1) return $"{option.Option.Name} is given more than once.";
            if (option.Tokens.Count == 0 && option.Option.Arity.MinimumNumberOfValues > 0) return $"{option.Option.Name} needs a value (see --help).";
            return error.Message;
        }
        if (result.UnmatchedTokens.FirstOrDefault() is { } token)
        {
            // System.CommandLine splits "--full=yes" into the flag and a stray "yes".
            if (Command.Options.FirstOrDefault(o => o.Arity.MaximumNumberOfValues == 0 && args.Contains($"{o.Name}={token}")) is { } flag)
                return $"{flag.Name} takes no value.";
            return token.StartsWith("--", StringComparison.Ordinal) && token.Length > 2
                ? $"unknown option '{token.Split('=')[0]}' (see --help)."
                : $"unexpected argument '{token}'; options start with '--' (see --help).";
        }
        return result.Errors.FirstOrDefault()?.Message;
    }

    private static T Value<T>(ParseResult result, Option<T> option, T fallback) =>
        result.GetResult(option) is { Implicit: false } ? result.GetValue(option)! : fallback;

    private static void OnlyOnce(OptionResult result)
    {
        if (result.IdentifierTokenCount > 1) result.AddError($"{result.Option.Name} is given more than once.");
    }

    /// <summary>The option's value, or null after reporting a missing one (the next option taken for a value is missing one).</summary>
    private static string? SingleToken(ArgumentResult result)
    {
        if (result.Tokens.Count == 0 || result.Tokens[^1].Value.StartsWith("--", StringComparison.Ordinal))
        {
            result.AddError($"{OptionName(result)} needs a value (see --help).");
            return null;
        }
        // A repeated option is reported once, by OnlyOnce.
        return result.Tokens[^1].Value;
    }

    private static string OptionName(ArgumentResult result) => ((OptionResult)result.Parent!).Option.Name;

    private static int ParseInt(ArgumentResult result, int min, int max)
    {
        if (SingleToken(result) is not { } text) return default;
        string name = OptionName(result);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            result.AddError($"{name}: '{text}' is not a whole number; expected {min} to {max}.");
        else if (value < min || value > max)
            result.AddError($"{name}: {value} is out of range; expected {min} to {max}.");
        else
            return (int)value;
        return default;
    }

    private static double? ParseLr(ArgumentResult result)
    {
        if (SingleToken(result) is not { } text) return null;
        string name = OptionName(result);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            result.AddError($"{name}: '{text}' is not a number; expected a learning rate such as 0.001 or 1e-3.");
        else if (value <= 0 || value > MaxLr)
            result.AddError($"{name}: {value.ToString(CultureInfo.InvariantCulture)} is out of range; expected more than 0 and at most {MaxLr}.");
        else
            return value;
        return null;
    }

    private static long ParseSeed(ArgumentResult result)
    {
        if (SingleToken(result) is not { } text) return default;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)) return value;
        result.AddError($"{OptionName(result)}: '{text}' is not a whole number; expected a 64-bit integer such as 42.");
        return default;
    }

    private static T ParseName<T>(ArgumentResult result, string what, string expected, T[] values) where T : struct, Enum
    {
        if (SingleToken(result) is not { } text) return default;
        foreach (var value in values)
            if (string.Equals(value.ToString(), text, StringComparison.OrdinalIgnoreCase)) return value;
        result.AddError($"{OptionName(result)}: '{text}' is not {what}; expected {expected}.");
        return default;
    }

    private static string? ParsePath(ArgumentResult result)
    {
        if (SingleToken(result) is not { } text) return null;
        if (!string.IsNullOrWhiteSpace(text)) return text;
        result.AddError($"{OptionName(result)}: the path is empty.");
        return null;
    }
}
