using GraphGen.Data;
using GraphGen.Monitoring;
using GraphGen.Serialization;
using GraphGen.Tests.Monitoring;

namespace GraphGen.Tests.Validation;

/// <summary>
/// Every file error names the path and what was being done; a directory given for a file says so; a failed
/// save leaves the previous file intact; closing a SummaryWriter never throws.
/// </summary>
public sealed class FileErrorTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Dictionary<string, Tensor> State(float value) => new() { ["w"] = Tensor.Full([3], value) };

    [Fact]
    public void ADirectoryWhereAFileIsExpectedIsNamedAsADirectory()
    {
        string dir = _dir.Path;
        Expect.Throws<IOException>(() => Safetensors.Load(dir), "Safetensors.Load: reading", dir, "it is a directory");
        Expect.Throws<IOException>(() => Safetensors.Save(dir, State(1)), "Safetensors.Save: writing", dir, "it is a directory");
        Expect.Throws<IOException>(() => IdxReader.Read(dir, IdxReader.ImagesMagic), "IDX file", dir, "it is a directory");
        Expect.Throws<IOException>(() => EventFileReader.Read(dir), "event file", dir, "it is a directory");

        string file = Path.Combine(dir, "a-file");
        File.WriteAllText(file, "not a directory");
        Expect.Throws<IOException>(() => FashionMnist.Load(file), file, "is a file; expected the directory");
        Expect.Throws<IOException>(() => new SummaryWriter(file), "SummaryWriter: creating the log directory", file);
    }

    [Fact]
    public void AMissingFileIsNamedWithTheOperation()
    {
        string path = Path.Combine(_dir.Path, "absent.safetensors");
        var e = Expect.Throws<FileNotFoundException>(() => Safetensors.Load(path), "Safetensors.Load: reading", path, "does not exist");
        Assert.Equal(path, e.FileName);
        Expect.Throws<FileNotFoundException>(() => EventFileReader.Read(path), "EventFileReader", path);
        string inMissingDir = Path.Combine(_dir.Path, "no-such-dir", "model.safetensors");
        Expect.Throws<DirectoryNotFoundException>(() => Safetensors.Save(inMissingDir, State(1)), "Safetensors.Save: writing", inMissingDir, "does not exist");
    }

    [Fact]
    public void AFailedSaveKeepsThePreviousFileAndNamesIt()
    {
        string path = Path.Combine(_dir.Path, "model.safetensors");
        Safetensors.Save(path, State(1));
        Safetensors.t_beforeTensorWrite = _ => throw new IOException("No space left on device");
        try
        {
            Expect.Throws<IOException>(() => Safetensors.Save(path, State(2)), "Safetensors.Save: writing", path, "No space left on device");
        }
        finally
        {
            Safetensors.t_beforeTensorWrite = null;
        }
        Assert.Equal([1f, 1f, 1f], Safetensors.Load(path)["w"].ToArray<float>());
        Assert.Equal(["model.safetensors"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName)); // no temporary file left
    }

    [Fact]
    public void SummaryWriterDisposeNeverThrowsAndReportsTheFailure()
    {
        var stream = new FailingStream();
        var writer = new SummaryWriter(_dir.Path, "", 16, null, "", _ => stream);
        writer.AddScalar("loss", 1.0, 0);
        stream.Fail = true;
        var previousError = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            writer.Dispose(); // flushing the queued scalar and closing both fail
            writer.Dispose();
        }
        finally
        {
            Console.SetError(previousError);
        }
        Assert.NotNull(writer.Failure);
        Assert.Contains("events.out.tfevents", writer.Failure.Message);
        Assert.Contains("disk full (test)", writer.Failure.Message);
        Assert.Contains("warning: SummaryWriter: writing the event file", captured.ToString());
    }

    [Fact]
    public void ASummaryWriterThatWroteEverythingHasNoFailure()
    {
        var writer = new SummaryWriter(_dir.Path);
        writer.AddScalar("loss", 1.0, 0);
        writer.Dispose();
        Assert.Null(writer.Failure);
    }

    /// <summary>A memory stream whose writes and flushes fail once <see cref="Fail"/> is set (a full disk).</summary>
    private sealed class FailingStream : MemoryStream
    {
        public volatile bool Fail;

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Fail) throw new IOException("disk full (test)");
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Fail) throw new IOException("disk full (test)");
            base.Write(buffer);
        }

        public override void WriteByte(byte value)
        {
            if (Fail) throw new IOException("disk full (test)");
            base.WriteByte(value);
        }

        public override void Flush()
        {
            if (Fail) throw new IOException("disk full (test)");
            base.Flush();
        }

        protected override void Dispose(bool disposing)
        {
            if (Fail) throw new IOException("disk full (test)");
            base.Dispose(disposing);
        }
    }
}
