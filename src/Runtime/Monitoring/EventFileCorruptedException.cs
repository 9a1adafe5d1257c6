namespace GraphGen.Monitoring;

/// <summary>An event file record whose checksum or contents are wrong.</summary>
public sealed class EventFileCorruptedException : IOException
{
    /// <summary>A corrupted record of <paramref name="path"/> (null for a stream) at <paramref name="recordOffset"/>; <paramref name="problem"/> says what is wrong.</summary>
    public EventFileCorruptedException(string? path, long recordOffset, string problem, Exception? inner = null)
        : base($"{path ?? "event stream"}: record at byte offset {recordOffset} is corrupted: {problem}.", inner)
    {
        Path = path;
        RecordOffset = recordOffset;
    }

    /// <summary>The file read, when reading from a file.</summary>
    public string? Path { get; }

    /// <summary>Byte offset of the start of the bad record.</summary>
    public long RecordOffset { get; }
}
