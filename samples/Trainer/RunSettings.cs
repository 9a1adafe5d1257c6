using System.Globalization;

namespace GraphGen.Trainer;

/// <summary>
/// The options that decide a run's trajectory, saved in every checkpoint: a resumed run must use the same ones,
/// or it would not end where the uninterrupted run ends.
/// </summary>
public sealed record RunSettings(ModelKind Model, int Epochs, int BatchSize, double LearningRate, OptimizerKind Optimizer, LrSchedule Schedule, long Seed, string Data)
{
    public static RunSettings From(TrainerOptions options, string dataDescription) => new(
        options.Model, options.Epochs, options.BatchSize, options.LearningRate, options.Optimizer, options.Schedule, options.Seed, dataDescription);

    /// <summary>One phrase per setting that differs, as "--lr 0.001 (the command gives 0.01)".</summary>
    public IReadOnlyList<string> DifferencesFrom(RunSettings command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var differences = new List<string>();
        void Compare<T>(string option, T saved, T given)
        {
            if (!EqualityComparer<T>.Default.Equals(saved, given))
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"{option} {Format(saved)} (this command gives {Format(given)})"));
        }
        Compare("--model", Model, command.Model);
        Compare("--epochs", Epochs, command.Epochs);
        Compare("--batch-size", BatchSize, command.BatchSize);
        Compare("--lr", LearningRate, command.LearningRate);
        Compare("--optimizer", Optimizer, command.Optimizer);
        Compare("--schedule", Schedule, command.Schedule);
        Compare("--seed", Seed, command.Seed);
        Compare("data", Data, command.Data);
        return differences;
    }

    private static string Format<T>(T value) => value switch
    {
        double d => d.ToString("G", CultureInfo.InvariantCulture),
        Enum e => e.ToString().ToLowerInvariant(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
