namespace GraphGen.Trainer;

/// <summary>
/// The files a run writes into its output directory — the resumable checkpoint, the best epoch's weights and the
/// final weights — and how they are saved: atomically, and when a save fails, to a temporary directory instead,
/// so the trained weights and the previous file are never lost.
/// </summary>
public sealed class CheckpointFiles(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>The resumable training state (<c>--resume</c> takes it), rewritten at every epoch's end and on Ctrl+C.</summary>
    public string Checkpoint => Path.Combine(Directory, TrainerApp.CheckpointFileName);

    /// <summary>The weights of the epoch with the best test accuracy so far.</summary>
    public string Best => Path.Combine(Directory, TrainerApp.BestFileName);

    /// <summary>The weights after the last epoch.</summary>
    public string Model => Path.Combine(Directory, TrainerApp.ModelFileName);

    /// <summary>Writes and removes a small file, so an output directory that cannot take files fails before training.</summary>
    public void CheckWritable()
    {
        string probe = Path.Combine(Directory, $".write-test.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(probe, [0]);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--out: cannot write files in '{Directory}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Calls <paramref name="save"/> with <paramref name="path"/> (the save itself is atomic). If that fails, saves the
    /// same data under a fresh temporary directory and throws a <see cref="CheckpointSaveException"/> that names the
    /// path, the reason and where the data went instead.
    /// </summary>
    public static void Save(string path, string what, Action<string> save)
    {
        ArgumentNullException.ThrowIfNull(save);
        try
        {
            save(path);
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string fallback = Path.Combine(Path.GetTempPath(), $"graphgen-trainer-{Guid.NewGuid():N}", Path.GetFileName(path));
            try
            {
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(fallback)!);
                save(fallback);
            }
            catch (Exception e2) when (e2 is IOException or UnauthorizedAccessException)
            {
                throw new CheckpointSaveException(
                    $"cannot save the {what} to '{path}': {e.Message}; saving it to '{fallback}' failed too: {e2.Message}", e);
            }
            throw new CheckpointSaveException($"cannot save the {what} to '{path}': {e.Message}; it was saved to '{fallback}' instead.", e);
        }
    }
}
