using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics.Tensors;
using GraphGen.Data;

namespace GraphGen.Tests.Data;

public sealed class FashionMnistTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("graphgen-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Idx(int magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    private static byte[] Pixels(int n) => Enumerable.Range(0, n * 784).Select(i => (byte)(i * 7 % 256)).ToArray();

    private string Write(string name, byte[] bytes, bool gzip = false)
    {
        var path = Path.Combine(_dir, name);
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return path;
        }
        using var f = File.Create(path);
        using var z = new GZipStream(f, CompressionLevel.Fastest);
        z.Write(bytes);
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsSyntheticSplitScaledToUnitRange(bool gzip)
    {
        string ext = gzip ? ".gz" : "";
        Write("t10k-images-idx3-ubyte" + ext, Idx(2051, [3, 28, 28], Pixels(3)), gzip);
        Write("t10k-labels-idx1-ubyte" + ext, Idx(2049, [3], [9, 0, 4]), gzip);

        var test = FashionMnist.Load(_dir, train: false);
        Assert.Equal([3, 784], test.Images.Shape.ToArray());
        Assert.Equal(DType.Float32, test.Images.DType);
        Assert.Equal(new long[] { 9, 0, 4 }, test.Labels.ToArray<long>());
        var px = test.Images.ToArray<float>();
        Assert.Equal(Pixels(3).Select(b => b / 255f), px);
        Assert.Equal(1f, px.Max());

        var square = FashionMnist.Load(_dir, train: false, flatten: false);
        Assert.Equal([3, 1, 28, 28], square.Images.Shape.ToArray());
    }

    [Fact]
    public void BadMagicIsNamed()
    {
        var images = Write("img", Idx(2049, [3, 28, 28], Pixels(3)));
        var labels = Write("lab", Idx(2049, [3], [1, 2, 3]));
        var e = Assert.Throws<IdxFormatException>(() => FashionMnist.Load(images, labels));
        Assert.Contains("magic number 2049", e.Message);
        Assert.Contains("2051", e.Message);
        Assert.Contains("img", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedDataIsReported(bool gzip)
    {
        var full = Idx(2051, [3, 28, 28], Pixels(3));
        var images = Write("img" + (gzip ? ".gz" : ""), full[..^10], gzip);
        var labels = Write("lab", Idx(2049, [3], [1, 2, 3]));
        var e = Assert.Throws<IdxFormatException>(() => FashionMnist.Load(images, labels));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("2352 bytes", e.Message);
    }

    [Fact]
    public void TruncatedHeaderAndTrailingBytesAreReported()
    {
        var labels = Write("lab", Idx(2049, [3], [1, 2, 3]));
        Assert.Contains("inside the header", Assert.Throws<IdxFormatException>(() => FashionMnist.Load(Write("short", Idx(2051, [3, 28, 28], [])[..10]), labels)).Message);
        Assert.Contains("magic number", Assert.Throws<IdxFormatException>(() => FashionMnist.Load(Write("tiny", [0, 0]), labels)).Message);
        var longer = Write("long", [.. Idx(2051, [3, 28, 28], Pixels(3)), 1, 2]);
        Assert.Contains("bytes after", Assert.Throws<IdxFormatException>(() => FashionMnist.Load(longer, labels)).Message);
    }

    [Fact]
    public void HugeDeclaredSizeInTinyGzipFailsWithoutAllocatingIt()
    {
        var images = Write("img.gz", Idx(2051, [2_000_000, 28, 28], Pixels(1)), gzip: true);
        var labels = Write("lab", Idx(2049, [1], [1]));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains("truncated", Assert.Throws<IdxFormatException>(() => FashionMnist.Load(images, labels)).Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20);
    }

    [Fact]
    public void MismatchedCountsAreReported()
    {
        var images = Write("img", Idx(2051, [3, 28, 28], Pixels(3)));
        var labels = Write("lab", Idx(2049, [2], [1, 2]));
        var e = Assert.Throws<IdxFormatException>(() => FashionMnist.Load(images, labels));
        Assert.Contains("3 images", e.Message);
        Assert.Contains("2 labels", e.Message);
    }

    [Fact]
    public void LabelOutsideTheClassesIsReported()
    {
        var images = Write("img", Idx(2051, [1, 28, 28], Pixels(1)));
        var labels = Write("lab", Idx(2049, [1], [10]));
        Assert.Contains("label 0 is 10", Assert.Throws<IdxFormatException>(() => FashionMnist.Load(images, labels)).Message);
    }

    [Fact]
    public void MissingFilesNameThePathAndTheDebianPackage()
    {
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(_dir));
        Assert.Contains(Path.Combine(_dir, "train-images-idx3-ubyte"), e.Message);
        Assert.Contains("dataset-fashion-mnist", e.Message);
    }

    /// <summary>The real data, which .ci/run installs with `apt-get install -y dataset-fashion-mnist`.</summary>
    [FactNeedingInstalledFashionMnist]
    public void RealInstalledDataHasTheExpectedShapes()
    {
        var train = FashionMnist.Load(train: true);
        var test = FashionMnist.Load(train: false);
        Assert.Equal([60000, 784], train.Images.Shape.ToArray());
        Assert.Equal([60000], train.Labels.Shape.ToArray());
        Assert.Equal([10000, 784], test.Images.Shape.ToArray());
        Assert.Equal(DType.Int64, test.Labels.DType);
        foreach (var split in new[] { train, test })
        {
            var labels = split.Labels.ToArray<long>();
            Assert.Equal(0, labels.Min());
            Assert.Equal(9, labels.Max());
            // Fashion-MNIST is balanced: 6,000 (train) or 1,000 (test) per class.
            Assert.All(labels.GroupBy(l => l), g => Assert.Equal(split.Count / 10, g.Count()));
            Assert.Equal(0f, TensorPrimitives.Min<float>(split.Images.AsSpan<float>()));
            Assert.Equal(1f, TensorPrimitives.Max<float>(split.Images.AsSpan<float>()));
        }
    }
}
