using GraphGen.Monitoring;

namespace GraphGen.Tests.Monitoring;

/// <summary>What the reader does with damaged files: flipped bytes are errors, a cut-off tail is reported.</summary>
public class EventFileCorruptionTests
{
    [Fact]
    public void AFlippedByteAnywhereIsDetectedAtItsRecord()
    {
        var (bytes, starts) = SmallFile();
        for (int i = 0; i < bytes.Length; i++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] ^= 0x20;
            var e = Assert.Throws<EventFileCorruptedException>(() => EventFileReader.Read(new MemoryStream(damaged), "damaged"));
            long recordStart = starts.Last(s => s <= i);
            Assert.Equal(recordStart, e.RecordOffset);
            Assert.Contains($"record at byte offset {recordStart}", e.Message);
        }
    }

    [Fact]
    public void AFileCutAnywhereYieldsItsCompleteRecordsAndReportsTheTail()
    {
        var (bytes, starts) = SmallFile();
        var full = EventFileReader.Read(new MemoryStream(bytes)).Events;
        for (int cut = 0; cut <= bytes.Length; cut++)
        {
            var contents = EventFileReader.Read(new MemoryStream(bytes, 0, cut));
            int complete = starts.Count(s => s < bytes.Length && NextStart(starts, bytes.Length, s) <= cut);
            Assert.Equal(complete, contents.Events.Count);
            Assert.Equal(full.Take(complete).Select(Describe), contents.Events.Select(Describe));
            bool onBoundary = cut == 0 || starts.Contains(cut) || cut == bytes.Length;
            Assert.Equal(!onBoundary, contents.IsTruncated);
            if (!onBoundary)
            {
                long tailStart = starts.Last(s => s < cut);
                Assert.Equal(tailStart, contents.TruncatedTailOffset);
                Assert.Equal(cut - tailStart, contents.TruncatedTailLength);
            }
        }
    }

    [Fact]
    public void AWriterKilledMidRecordLeavesAFileWhoseCompleteRecordsRead()
    {
        // what a killed process leaves: the flushed file, ending part-way through a record
        using var dir = new TemporaryDirectory();
        using var writer = new SummaryWriter(dir.Path);
        for (int i = 0; i < 50; i++) writer.AddScalar("loss", 1.0 / (i + 1), i);
        writer.Flush();
        byte[] flushed = File.ReadAllBytes(writer.FilePath);
        string killed = Path.Combine(dir.Path, "killed.tfevents");
        File.WriteAllBytes(killed, flushed[..^7]);

        var contents = EventFileReader.Read(killed);
        Assert.True(contents.IsTruncated);
        Assert.Equal(50, contents.Events.Count); // the version record and 49 of the 50 scalars
        Assert.Equal(Enumerable.Range(0, 49).Select(i => (long)i), contents.Events.Skip(1).Select(e => e.Step));
    }

    [Fact]
    public void TruncationIsReportedForStreamsThatCannotSeekToo()
    {
        var (bytes, starts) = SmallFile();
        int cut = (int)starts[2] + 20;
        var contents = EventFileReader.Read(new NonSeekableStream(bytes[..cut]));
        Assert.Equal(2, contents.Events.Count);
        Assert.Equal(starts[2], contents.TruncatedTailOffset);
        Assert.Equal(20, contents.TruncatedTailLength);
    }

    [Fact]
    public void ACorrectChecksumOverAnUndecodablePayloadIsReported()
    {
        var payload = new byte[] { 0x08 }; // a key with its varint missing
        var stream = new MemoryStream();
        TfRecordFormat.WriteRecord(stream, payload);
        var e = Assert.Throws<EventFileCorruptedException>(() => EventFileReader.Read(new MemoryStream(stream.ToArray())));
        Assert.Equal(0, e.RecordOffset);
        Assert.IsType<InvalidDataException>(e.InnerException);
    }

    /// <summary>A small real file (version, scalar, text, histogram) and the offset where each record starts.</summary>
    private static (byte[] Bytes, List<long> Starts) SmallFile()
    {
        using var dir = new TemporaryDirectory();
        string path;
        using (var writer = new SummaryWriter(dir.Path))
        {
            path = writer.FilePath;
            writer.AddScalar("a", 1, 1);
            writer.AddText("t", "hi", 2);
            writer.AddHistogram("h", [0.5f, -0.25f], 3);
        }
        var bytes = File.ReadAllBytes(path);
        var starts = EventFileReader.Read(path).Events.Select(e => e.Offset).ToList();
        Assert.Equal(4, starts.Count);
        return (bytes, starts);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    private static string Describe(TensorBoardEvent e) =>
        $"{e.Offset} {e.WallTime} {e.Step} {e.FileVersion} {string.Join(",", e.Summary?.Select(v => v.Tag) ?? [])}";

    private static long NextStart(List<long> starts, long length, long start)
    {
        int i = starts.IndexOf(start);
        return i + 1 < starts.Count ? starts[i + 1] : length;
    }
}
