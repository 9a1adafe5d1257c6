using System.Buffers.Binary;
using System.IO.Compression;

namespace GraphGen.Data;

/// <summary>
/// Reads IDX files (LeCun's MNIST format, also Fashion-MNIST's): a big-endian magic number (0x0000_08_nn:
/// unsigned bytes, nn dimensions), nn big-endian int32 sizes, then the bytes. Files ending in .gz are
/// decompressed on the fly. Every size is checked against the bytes actually present.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an image file: unsigned bytes, 3 dimensions (count, rows, columns).</summary>
    public const int ImagesMagic = 0x0803; // 2051

    /// <summary>Magic number of a label file: unsigned bytes, 1 dimension (count).</summary>
    public const int LabelsMagic = 0x0801; // 2049

    /// <summary>Reads an IDX file of unsigned bytes with the given magic number.</summary>
    /// <returns>The dimensions and the data (product of the dimensions bytes).</returns>
    public static (int[] Dims, byte[] Data) Read(string path, int expectedMagic)
    {
        const string doing = "IdxReader: reading the IDX file";
        IO.FileErrors.RefuseDirectory(path, doing);
        if (!File.Exists(path)) throw new FileNotFoundException($"{doing} '{path}': the file does not exist.", path);
        using var file = IO.FileErrors.Run(path, doing, () => File.OpenRead(path));
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            return Read(stream, expectedMagic, path);
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException($"'{path}' is not a valid gzip file: {e.Message}", e);
        }
    }

    internal static (int[] Dims, byte[] Data) Read(Stream stream, int expectedMagic, string name)
    {
        Span<byte> word = stackalloc byte[4];
        if (!ReadFully(stream, word))
            throw new IdxFormatException($"'{name}' is truncated: it ends before the 4-byte magic number.");
        int magic = BinaryPrimitives.ReadInt32BigEndian(word);
        if (magic != expectedMagic)
            throw new IdxFormatException($"'{name}' has magic number {magic} (0x{magic:X8}) but {expectedMagic} (0x{expectedMagic:X8}) was expected: {Describe(expectedMagic)}.");
        int rank = magic & 0xFF;
        var dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++)
        {
            if (!ReadFully(stream, word))
                throw new IdxFormatException($"'{name}' is truncated: it ends inside the header, before dimension {i} of {rank}.");
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(word);
            if (dims[i] < 0) throw new IdxFormatException($"'{name}' declares a negative size {dims[i]} for dimension {i}.");
            total *= dims[i];
            if (total > Array.MaxLength) throw new IdxFormatException($"'{name}' declares sizes [{string.Join(", ", dims[..(i + 1)])}] whose product exceeds {Array.MaxLength} bytes.");
        }
        // The compressed length says little about the data length, so the buffer is checked as it fills;
        // for a raw file the declared size is first checked against the file's length.
        if (stream.CanSeek && stream.Length - stream.Position < total)
            throw new IdxFormatException($"'{name}' is truncated: its header declares [{string.Join(", ", dims)}] = {total} bytes of data but only {stream.Length - stream.Position} follow.");
        // A gzip stream cannot tell its length up front: grow the buffer as bytes arrive, so a tiny file that
        // declares gigabytes fails as truncated instead of allocating them.
        var data = new byte[stream.CanSeek ? total : Math.Min(total, 1 << 20)];
        int read = 0;
        while (read < total)
        {
            if (read == data.Length) Array.Resize(ref data, (int)Math.Min(total, 2L * data.Length));
            int n = stream.Read(data, read, data.Length - read);
            if (n == 0) throw new IdxFormatException($"'{name}' is truncated: its header declares [{string.Join(", ", dims)}] = {total} bytes of data but only {read} follow.");
            read += n;
        }
        if (stream.ReadByte() != -1)
            throw new IdxFormatException($"'{name}' has bytes after the {total} bytes of data its header declares ([{string.Join(", ", dims)}]).");
        return (dims, data);
    }

    private static string Describe(int magic) => magic switch
    {
        ImagesMagic => "an IDX image file (unsigned bytes, 3 dimensions)",
        LabelsMagic => "an IDX label file (unsigned bytes, 1 dimension)",
        _ => "an IDX file",
    };

    private static bool ReadFully(Stream s, Span<byte> buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = s.Read(buffer[read..]);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }
}
