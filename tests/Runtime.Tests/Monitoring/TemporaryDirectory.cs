namespace GraphGen.Tests.Monitoring;

/// <summary>A fresh directory under the system temp folder, deleted when disposed.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "graphgen-monitoring-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { } // a reader on Windows may still hold a file; the OS cleans temp
    }
}
