using System.Buffers.Binary;

namespace GraphGen.Monitoring;

/// <summary>
/// Reads TensorBoard event files back: every record's length and payload checksums are verified and
/// every Event decoded. A bad checksum or undecodable payload throws
/// <see cref="EventFileCorruptedException"/> with the record's offset; an incomplete last record
/// (what a writer killed mid-write leaves) is reported in <see cref="EventFileContents"/>, after all
/// the complete records before it.
/// </summary>
public static class EventFileReader
{
    /// <summary>Reads and verifies every record of the event file at <paramref name="path"/>.</summary>
    public static EventFileContents Read(string path)
    {
        const string doing = "EventFileReader: reading the event file";
        IO.FileErrors.RefuseDirectory(path, doing);
        using var stream = IO.FileErrors.Run(path, doing, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        return Read(stream, path);
    }

    /// <param name="stream">Read from its current position to its end.</param>
    /// <param name="name">Names the source in error messages.</param>
    public static EventFileContents Read(Stream stream, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var events = new List<TensorBoardEvent>();
        Span<byte> header = stackalloc byte[TfRecordFormat.HeaderSize];
        Span<byte> footer = stackalloc byte[TfRecordFormat.FooterSize];
        long offset = 0;
        while (true)
        {
            int got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (got == 0) return new EventFileContents(events, null, 0);
            if (got < header.Length) return new EventFileContents(events, offset, got);

            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
            if (TfRecordFormat.MaskedCrc(header[..8]) != lengthCrc)
                throw new EventFileCorruptedException(name, offset, $"the length checksum does not match (length field reads {length})");
            if (length > int.MaxValue)
                throw new EventFileCorruptedException(name, offset, $"the record claims {length} bytes, more than a record can hold");

            if (stream.CanSeek && (long)length + footer.Length > stream.Length - stream.Position)
            {
                // cut off part-way: report it without allocating the whole claimed length
                return new EventFileContents(events, offset, header.Length + (stream.Length - stream.Position));
            }
            var payload = new byte[(int)length];
            int payloadGot = stream.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false);
            int footerGot = payloadGot == payload.Length ? stream.ReadAtLeast(footer, footer.Length, throwOnEndOfStream: false) : 0;
            if (payloadGot < payload.Length || footerGot < footer.Length)
                return new EventFileContents(events, offset, header.Length + payloadGot + footerGot);

            if (TfRecordFormat.MaskedCrc(payload) != BinaryPrimitives.ReadUInt32LittleEndian(footer))
                throw new EventFileCorruptedException(name, offset, $"the payload checksum does not match ({length} payload bytes)");
            try
            {
                events.Add(EventDecoder.Event(payload, offset));
            }
            catch (InvalidDataException e)
            {
                throw new EventFileCorruptedException(name, offset, e.Message.TrimEnd('.'), e);
            }
            offset += header.Length + payload.Length + footer.Length;
        }
    }

    /// <summary>Every event file under <paramref name="logDir"/> and its sub-runs, sorted by path.</summary>
    public static IReadOnlyList<string> FindEventFiles(string logDir) =>
        [.. Directory.EnumerateFiles(logDir, "events.out.tfevents.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
