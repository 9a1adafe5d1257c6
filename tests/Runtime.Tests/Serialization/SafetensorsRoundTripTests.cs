using System.Text;
using GraphGen.Serialization;

namespace GraphGen.Tests.Serialization;

public sealed class SafetensorsRoundTripTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("graphgen-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void EveryDTypeRoundTripsBitExactly()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = Tensor.From(new[,] { { 1.5f, -0f, float.NaN }, { float.PositiveInfinity, float.Epsilon, -3e38f } }),
            ["f64"] = Tensor.From([Math.PI, -1e-300, double.NegativeInfinity]),
            ["i64"] = Tensor.From([long.MinValue, 0L, long.MaxValue]),
            ["i32"] = Tensor.From(new[,,] { { { int.MinValue, 7 } }, { { -7, int.MaxValue } } }),
            ["bool"] = Tensor.From([true, false, true, true]),
            ["scalar"] = Tensor.Scalar(42f),
            ["empty"] = Tensor.Zeros([0, 5]),
        };
        var path = PathOf("all.safetensors");
        Safetensors.Save(path, tensors);
        var loaded = Safetensors.Load(path);

        Assert.Equal(tensors.Keys.Order(), loaded.Keys.Order());
        foreach (var (name, t) in tensors)
        {
            var l = loaded[name];
            Assert.Equal(t.DType, l.DType);
            Assert.Equal(t.Shape, l.Shape);
            Assert.Equal(t.ToArray(), l.ToArray());
        }
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(loaded["f32"].ToArray<float>()[1]));
    }

    [Fact]
    public void PyTorchStateDictKeysAndMetadataSurvive()
    {
        var state = new OrderedDictionary<string, Tensor>
        {
            ["pipe.0.weight"] = Tensor.Randn([5, 2], new RandomGenerator(1)),
            ["pipe.0.bias"] = Tensor.Randn([5], new RandomGenerator(2)),
            ["pipe.2.weight"] = Tensor.Randn([20, 5], new RandomGenerator(3)),
            ["pipe.2.bias"] = Tensor.Randn([20], new RandomGenerator(4)),
            ["bn.num_batches_tracked"] = Tensor.Scalar(3L),
        };
        var path = PathOf("model.safetensors");
        Safetensors.Save(path, state, new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode ✓" });
        var loaded = Safetensors.Load(path, out var metadata);
        Assert.Equal("pt", metadata["format"]);
        Assert.Equal("ünïcode ✓", metadata["note"]);
        foreach (var (k, v) in state) Assert.Equal(v.ToArray(), loaded[k].ToArray());
        // Reference layout: 8-byte elements first, then by name.
        Assert.Equal(["bn.num_batches_tracked", "pipe.0.bias", "pipe.0.weight", "pipe.2.bias", "pipe.2.weight"], loaded.Keys);
    }

    [Fact]
    public void BytesMatchTheReferenceImplementation()
    {
        // huggingface/safetensors' Python binding tests: a [2, 2] tensor of zeros serializes to these bytes
        // (60 header bytes + 4 spaces of padding, length 64 = '@'); here with dtype I32 instead of F32.
        var path = PathOf("ref.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["test"] = Tensor.Zeros([2, 2], DType.Int32) });
        var expected = new byte[] { (byte)'@', 0, 0, 0, 0, 0, 0, 0 }
            .Concat(Encoding.ASCII.GetBytes("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}    "))
            .Concat(new byte[16]).ToArray();
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void ReadsTheReferenceMetadataExample()
    {
        // From the reference's Python tests (an older writer: header length 102, not a multiple of 8).
        var header = Encoding.ASCII.GetBytes("{\"__metadata__\":{\"framework\":\"pt\"},\"test1\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}       ");
        Assert.Equal(102, header.Length);
        var path = PathOf("meta.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((long)header.Length), .. header, .. new byte[16]]);
        var loaded = Safetensors.Load(path, out var metadata);
        Assert.Equal("pt", metadata["framework"]);
        Assert.Equal(DType.Int32, loaded["test1"].DType);
        Assert.Equal(new int[4], loaded["test1"].ToArray<int>());
    }

    [Fact]
    public void HeaderIsPaddedToEightBytesAndTensorsAreAligned()
    {
        var path = PathOf("pad.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["b"] = Tensor.From([true]), ["a"] = Tensor.From([1.0]), ["c"] = Tensor.From([2f]) });
        var bytes = File.ReadAllBytes(path);
        long n = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, n % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.True(header.IndexOf("\"a\"", StringComparison.Ordinal) < header.IndexOf("\"c\"", StringComparison.Ordinal));
        Assert.True(header.IndexOf("\"c\"", StringComparison.Ordinal) < header.IndexOf("\"b\"", StringComparison.Ordinal));
        Assert.Equal(8 + n + 8 + 4 + 1, bytes.Length);
    }

    [Fact]
    public void NonContiguousViewsAreSavedByValue()
    {
        var t = Tensor.Arange(0, 6, dtype: DType.Float32).Reshape(2, 3).T;
        var path = PathOf("view.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["t"] = t });
        Assert.Equal(new[] { 0f, 3f, 1f, 4f, 2f, 5f }, Safetensors.Load(path)["t"].ToArray<float>());
    }

    [Fact]
    public void FailingMidwayLeavesTheExistingFileIntactAndNoTempFile()
    {
        var path = PathOf("keep.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["old"] = Tensor.From([1f, 2f]) });
        var before = File.ReadAllBytes(path);
        var tensors = new Dictionary<string, Tensor> { ["x"] = Tensor.Ones(1000), ["y"] = Tensor.Ones(1000) };
        int written = 0;
        Safetensors.t_beforeTensorWrite = name =>
        {
            if (written++ == 1) throw new IOException($"simulated disk failure before '{name}'");
        };
        try
        {
            var e = Assert.Throws<IOException>(() => Safetensors.Save(path, tensors));
            Assert.Contains("simulated", e.Message);
        }
        finally
        {
            Safetensors.t_beforeTensorWrite = null;
        }
        Assert.Equal(2, written);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
        Assert.Equal([1f, 2f], Safetensors.Load(path)["old"].ToArray<float>());
    }

    [Fact]
    public void InvalidNamesFailBeforeTouchingTheFile()
    {
        var path = PathOf("keep2.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["old"] = Tensor.From([1f]) });
        var before = File.ReadAllBytes(path);
        Assert.Contains("reserved", Assert.Throws<ArgumentException>(() => Safetensors.Save(path, new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.From([1f]) })).Message);
        Assert.Contains("empty name", Assert.Throws<ArgumentException>(() => Safetensors.Save(path, new Dictionary<string, Tensor> { [""] = Tensor.From([1f]) })).Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void SavingOverwritesAnExistingFile()
    {
        var path = PathOf("over.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["a"] = Tensor.Ones(100) });
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["b"] = Tensor.From([5L]) });
        var loaded = Safetensors.Load(path);
        Assert.Equal(["b"], loaded.Keys);
        Assert.Equal(5L, loaded["b"].Item<long>());
    }
}
