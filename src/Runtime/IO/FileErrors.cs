namespace GraphGen.IO;

/// <summary>
/// One wording for every file-system error the runtime raises (safetensors, IDX data, event files): the
/// message says what was being done and names the path, and the exception keeps the type the caller would
/// catch anyway (FileNotFoundException, UnauthorizedAccessException, IOException) with the original inside.
/// </summary>
internal static class FileErrors
{
    /// <summary>Runs <paramref name="action"/> (which opens, reads or writes <paramref name="path"/>), rewording its file-system errors.</summary>
    public static T Run<T>(string path, string doing, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not EndOfStreamException)
        {
            throw Describe(e, path, doing);
        }
    }

    /// <inheritdoc cref="Run{T}"/>
    public static void Run(string path, string doing, Action action) => Run(path, doing, () =>
    {
        action();
        return true;
    });

    /// <summary>
    /// A directory where a file is expected is named as such, instead of the "access denied" or "does not
    /// exist" the operating system reports for it.
    /// </summary>
    public static void RefuseDirectory(string path, string doing)
    {
        if (Directory.Exists(path))
            throw new IOException($"{doing} '{path}': it is a directory; expected the path of a file.");
    }

    /// <summary>The same kind of exception, with a message naming what was being done to which file.</summary>
    public static Exception Describe(Exception e, string path, string doing) => e switch
    {
        FileNotFoundException => new FileNotFoundException($"{doing} '{path}': the file does not exist.", path, e),
        DirectoryNotFoundException => new DirectoryNotFoundException($"{doing} '{path}': its directory '{Path.GetDirectoryName(Path.GetFullPath(path))}' does not exist.", e),
        UnauthorizedAccessException => new UnauthorizedAccessException($"{doing} '{path}': access denied ({e.Message}).", e),
        PathTooLongException => new PathTooLongException($"{doing} '{path}': the path is too long.", e),
        _ => new IOException($"{doing} '{path}' failed: {e.Message}", e),
    };
}
