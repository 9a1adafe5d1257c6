using System.Buffers.Binary;
using System.IO.Compression;

namespace GraphGen.Trainer.Tests;

/// <summary>Writes the first few images of the embedded subset as a small Fashion-MNIST directory (IDX, gzipped).</summary>
internal static class TinyFashionMnist
{
    public static string Write(string directory, int trainCount, int testCount)
    {
        Directory.CreateDirectory(directory);
        foreach (var (prefix, count) in new[] { ("train", trainCount), ("t10k", testCount) })
        {
            CopyHead($"{prefix}-images-idx3-ubyte.gz", directory, count, headerInts: 4, recordBytes: 28 * 28);
            CopyHead($"{prefix}-labels-idx1-ubyte.gz", directory, count, headerInts: 2, recordBytes: 1);
        }
        return directory;
    }

    /// <summary>Copies the header (with the count replaced) and the first <paramref name="count"/> records.</summary>
    private static void CopyHead(string name, string directory, int count, int headerInts, int recordBytes)
    {
        using var source = new GZipStream(File.OpenRead(Path.Combine(FashionMnistSource.EmbeddedDirectory, name)), CompressionMode.Decompress);
        var head = new byte[headerInts * 4 + count * recordBytes];
        source.ReadExactly(head);
        BinaryPrimitives.WriteInt32BigEndian(head.AsSpan(4), count);
        using var target = new GZipStream(File.Create(Path.Combine(directory, name)), CompressionLevel.Fastest);
        target.Write(head);
    }
}
