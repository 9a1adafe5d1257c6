using System.Globalization;

namespace GraphGen.Trainer;

/// <summary>
/// Parses the trainer's command line (<c>--name value</c> or <c>--name=value</c>). Every mistake — an unknown
/// option, a missing or non-numeric value, a value out of range, an option given twice — is an
/// <see cref="OptionsException"/> whose one-line message names the option and what it expects.
/// </summary>
public static class OptionsParser
{
    public const int MaxEpochs = 10_000;
    public const int MaxBatchSize = 1 << 20;
    public const double MaxLr = 10;
    public const int MaxThreads = 1024;

    public static string Usage { get; } = """
        GraphGen trainer: a [Module]-compiled MLP classifier on Fashion-MNIST, with TensorBoard logs,
        a safetensors checkpoint and a PNG of the loss and accuracy curves.

        Usage: dotnet run --project samples/Trainer -c Release [-- options]

        Options:
          --epochs <n>        passes over the training set (default 10)
          --batch-size <n>    images per step (default 64)
          --lr <x>            learning rate (default: 0.1 for sgd, 0.01 for adagrad, 0.001 otherwise)
          --optimizer <name>  sgd | adam | adamw | rmsprop | adagrad (default adam)
          --schedule <name>   cosine (anneal the learning rate to 0 over the epochs) | constant (default cosine)
          --data <dir>        read the four Fashion-MNIST IDX files (.gz or raw) from <dir>
          --full              the full set (60k/10k) from Debian's dataset-fashion-mnist
                              (apt-get install -y dataset-fashion-mnist; /usr/share/datasets/fashion-mnist)
          --logdir <dir>      parent of the TensorBoard run directories (default runs)
          --seed <n>          seeds the weights and the shuffling (default 42)
          --threads <n>       worker threads for the CPU kernels (default: one per processor)
          --out <dir>         where the checkpoint and plot go (default: the run's log directory)
          -h, --help          show this help

        Without --data or --full it trains on the embedded subset (12,000 training and 2,000 test images).
        Watch the run with: tensorboard --logdir runs
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="OptionsException"/> for anything it cannot use.</summary>
    public static TrainerOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new TrainerOptions();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i] ?? throw new OptionsException($"argument {i} is null.");
            if (arg is "-h" or "--help" or "-?") return options with { ShowHelp = true };
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                throw new OptionsException($"unexpected argument '{arg}'; options start with '--' (see --help).");

            string name = arg, inlineValue = "";
            bool hasInlineValue = false;
            int equals = arg.IndexOf('=');
            if (equals > 0)
            {
                name = arg[..equals];
                inlineValue = arg[(equals + 1)..];
                hasInlineValue = true;
            }
            if (!seen.Add(name)) throw new OptionsException($"{name} is given more than once.");

            // Reads the option's value: the part after '=' or the next argument.
            string Value()
            {
                if (hasInlineValue) return inlineValue;
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new OptionsException($"{name} needs a value (see --help).");
                return args[++i];
            }

            options = name switch
            {
                "--epochs" => options with { Epochs = ParseInt(name, Value(), 1, MaxEpochs) },
                "--batch-size" => options with { BatchSize = ParseInt(name, Value(), 1, MaxBatchSize) },
                "--lr" => options with { Lr = ParseLr(name, Value()) },
                "--optimizer" => options with { Optimizer = ParseOptimizer(name, Value()) },
                "--schedule" => options with { Schedule = ParseSchedule(name, Value()) },
                "--data" => options with { DataDirectory = ParsePath(name, Value()) },
                "--full" when hasInlineValue => throw new OptionsException("--full takes no value."),
                "--full" => options with { Full = true },
                "--logdir" => options with { LogDir = ParsePath(name, Value()) },
                "--seed" => options with { Seed = ParseSeed(name, Value()) },
                "--threads" => options with { Threads = ParseInt(name, Value(), 1, MaxThreads) },
                "--out" => options with { OutDir = ParsePath(name, Value()) },
                _ => throw new OptionsException($"unknown option '{name}' (see --help)."),
            };
        }
        if (options.Full && options.DataDirectory is not null)
            throw new OptionsException("--data and --full both choose the data set; give one of them.");
        return options;
    }

    private static int ParseInt(string name, string text, int min, int max)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            throw new OptionsException($"{name}: '{text}' is not a whole number; expected {min} to {max}.");
        if (value < min || value > max)
            throw new OptionsException($"{name}: {value} is out of range; expected {min} to {max}.");
        return (int)value;
    }

    private static double ParseLr(string name, string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw new OptionsException($"{name}: '{text}' is not a number; expected a learning rate such as 0.001 or 1e-3.");
        if (value <= 0 || value > MaxLr)
            throw new OptionsException($"{name}: {value.ToString(CultureInfo.InvariantCulture)} is out of range; expected more than 0 and at most {MaxLr}.");
        return value;
    }

    private static long ParseSeed(string name, string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new OptionsException($"{name}: '{text}' is not a whole number; expected a 64-bit integer such as 42.");

    private static OptimizerKind ParseOptimizer(string name, string text) => text.ToLowerInvariant() switch
    {
        "sgd" => OptimizerKind.Sgd,
        "adam" => OptimizerKind.Adam,
        "adamw" => OptimizerKind.AdamW,
        "rmsprop" => OptimizerKind.RmsProp,
        "adagrad" => OptimizerKind.Adagrad,
        _ => throw new OptionsException($"{name}: '{text}' is not an optimizer; expected sgd, adam, adamw, rmsprop or adagrad."),
    };

    private static LrSchedule ParseSchedule(string name, string text) => text.ToLowerInvariant() switch
    {
        "cosine" => LrSchedule.Cosine,
        "constant" => LrSchedule.Constant,
        _ => throw new OptionsException($"{name}: '{text}' is not a schedule; expected cosine or constant."),
    };

    private static string ParsePath(string name, string text) =>
        string.IsNullOrWhiteSpace(text) ? throw new OptionsException($"{name}: the path is empty.") : text;
}
