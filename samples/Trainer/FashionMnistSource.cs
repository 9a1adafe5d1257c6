using GraphGen.Data;

namespace GraphGen.Trainer;

/// <summary>
/// Which Fashion-MNIST files the trainer reads — the subset shipped beside the program, a directory given with
/// <c>--data</c>, or Debian's full set with <c>--full</c> — and loading them, with every failure turned into a
/// <see cref="DataLoadException"/> that says which file and what is wrong.
/// </summary>
public sealed record FashionMnistSource(string Directory, string Description)
{
    /// <summary>Where the build copies the embedded subset (samples/Trainer/Data), next to the program.</summary>
    public static string EmbeddedDirectory => Path.Combine(AppContext.BaseDirectory, "Data");

    public static FashionMnistSource For(TrainerOptions options)
    {
        if (options.DataDirectory is { } directory)
        {
            if (!System.IO.Directory.Exists(directory))
                throw new DataLoadException(File.Exists(directory)
                    ? $"--data: '{directory}' is a file; pass the directory that holds the four IDX files."
                    : $"--data: directory '{directory}' does not exist.");
            return new FashionMnistSource(directory, $"Fashion-MNIST from {directory}");
        }
        if (options.Full)
        {
            if (!System.IO.Directory.Exists(FashionMnist.DefaultDirectory))
                throw new DataLoadException(
                    $"--full: {FashionMnist.DefaultDirectory} does not exist; install the full set with " +
                    "`apt-get install -y dataset-fashion-mnist`, or pass its directory with --data <dir>.");
            return new FashionMnistSource(FashionMnist.DefaultDirectory, "Fashion-MNIST (full set, Debian's dataset-fashion-mnist)");
        }
        return new FashionMnistSource(EmbeddedDirectory, "Fashion-MNIST (embedded subset)");
    }

    /// <summary>Reads the training and test splits as float images, flattened [N, 784] or [N, 1, 28, 28], and [N] int64 labels.</summary>
    public (FashionMnist Train, FashionMnist Test) Load(bool flatten = true)
    {
        try
        {
            return (FashionMnist.Load(Directory, train: true, flatten), FashionMnist.Load(Directory, train: false, flatten));
        }
        catch (FileNotFoundException e)
        {
            // The runtime's message explains how to install the package; here the user chose the directory.
            string file = e.FileName ?? "a Fashion-MNIST file";
            throw new DataLoadException($"{Description}: '{file}' (or the same name without .gz) was not found.", e);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new DataLoadException($"{Description}: {e.Message}", e);
        }
    }
}
