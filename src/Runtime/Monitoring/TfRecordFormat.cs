using System.Buffers.Binary;

namespace GraphGen.Monitoring;

/// <summary>
/// TFRecord framing, as TensorFlow's record_writer writes it: uint64 payload length (little endian),
/// masked CRC-32C of those 8 bytes, the payload, masked CRC-32C of the payload.
/// </summary>
internal static class TfRecordFormat
{
    /// <summary>Length (8 bytes) and its checksum (4 bytes).</summary>
    public const int HeaderSize = 12;

    public const int FooterSize = 4;

    private const uint MaskDelta = 0xA282EAD8u;

    /// <summary>TensorFlow masks stored CRCs so that a CRC of data that itself holds CRCs stays well mixed.</summary>
    public static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = Crc32C.Compute(data);
        return ((crc >> 15) | (crc << 17)) + MaskDelta;
    }

    public static void WriteRecord(Stream stream, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc(header[..8]));
        stream.Write(header);
        stream.Write(payload);
        Span<byte> footer = stackalloc byte[FooterSize];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc(payload));
        stream.Write(footer);
    }
}
