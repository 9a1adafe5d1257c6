using System.Text.Json;
using GraphGen.Nn;
using GraphGen.Serialization;

namespace GraphGen.Tests.Serialization;

/// <summary>
/// Checkpoints written by PyTorch 1.13 (Serialization/TestData/make_pytorch_checkpoints.py: an MLP in float32, float16
/// and bfloat16, with its outputs for a fixed input) load with LoadStateDict (strict) and give PyTorch's outputs; half
/// precision saved by GraphGen is bit for bit what PyTorch saved (issue #15).
/// </summary>
public sealed class PyTorchCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("graphgen-pt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "Serialization", "TestData", name);

    private static readonly JsonElement s_expected = JsonDocument.Parse(File.ReadAllText(Data("expected.json"))).RootElement;

    private static Tensor Matrix(JsonElement rows)
    {
        var values = rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        var data = new float[values.Length, values[0].Length];
        for (int i = 0; i < values.Length; i++)
            for (int j = 0; j < values[i].Length; j++) data[i, j] = values[i][j];
        return Tensor.From(data);
    }

    private static Sequential Mlp() => new(new Linear(4, 8), new ReLU(), new Linear(8, 3));

    [Theory]
    [InlineData("f32")]
    [InlineData("f16")]
    [InlineData("bf16")]
    public void LoadsPyTorchsCheckpointAndReproducesItsOutputs(string precision)
    {
        var net = Mlp();
        var keys = net.LoadStateDict(Safetensors.Load(Data($"mlp_{precision}.safetensors")), strict: true);
        Assert.Empty(keys.MissingKeys);
        Assert.Empty(keys.UnexpectedKeys);
        net.Eval();

        var output = net.Call(Matrix(s_expected.GetProperty("input")));
        var expected = Matrix(s_expected.GetProperty("outputs").GetProperty(precision));
        Assert.Equal(expected.Shape, output.Shape);
        var (e, a) = (expected.ToArray<float>(), output.ToArray<float>());
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= 1e-5 + 1e-5 * Math.Abs(e[i]), $"{precision}: output {i} is {a[i]}, PyTorch gave {e[i]}");
    }

    [Theory]
    [InlineData("f16")]
    [InlineData("bf16")]
    public void HalfPrecisionChangesTheOutputs(string precision)
    {
        // The half-precision expectations differ from the float32 ones by more than the tolerance above (f16: 7.7e-5, bf16: 9.1e-4),
        // so that test tells a widened half weight from a float32 one.
        var f32 = Matrix(s_expected.GetProperty("outputs").GetProperty("f32")).ToArray<float>();
        var half = Matrix(s_expected.GetProperty("outputs").GetProperty(precision)).ToArray<float>();
        Assert.True(f32.Zip(half).Max(p => Math.Abs(p.First - p.Second)) > 5e-5);
    }

    [Theory]
    [InlineData(SafetensorsFloat.F16, "f16")]
    [InlineData(SafetensorsFloat.BF16, "bf16")]
    public void SavingInHalfPrecisionWritesWhatPyTorchWrites(SafetensorsFloat floats, string precision)
    {
        string path = Path.Combine(_dir, $"mlp_{precision}.safetensors");
        Safetensors.Save(path, Safetensors.Load(Data("mlp_f32.safetensors")), floats: floats);
        Assert.Equal(File.ReadAllBytes(Data($"mlp_{precision}.safetensors")), File.ReadAllBytes(path));
    }

    [Fact]
    public void RefusingHalfPrecisionNamesTheTensorAndTheOption()
    {
        var e = Assert.Throws<SafetensorsFormatException>(() => Safetensors.Load(Data("mlp_f16.safetensors"), HalfPrecision.Refuse));
        Assert.Contains("tensor '0.bias' has dtype 'F16' (half precision), which this load refuses (HalfPrecision.Refuse)", e.Message);
        Assert.Equal(DType.Float32, Safetensors.Load(Data("mlp_f32.safetensors"), HalfPrecision.Refuse)["0.weight"].DType);
    }

    [Fact]
    /// <summary>The values PyTorch 1.13 gives for <c>.half().float()</c> and <c>.bfloat16().float()</c>.</summary>
    public void HalfPrecisionRoundsToNearestEvenAndKeepsSpecialValues()
    {
        string path = Path.Combine(_dir, "special.safetensors");
        var values = Tensor.From([1f + 1f / 2048, 1f + 3f / 2048, 70000f, float.NegativeInfinity, float.NaN, -0f]);
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["v"] = values }, floats: SafetensorsFloat.F16);
        Assert.Equal([1f, 1f + 2f / 1024, float.PositiveInfinity, float.NegativeInfinity, float.NaN, -0f], Safetensors.Load(path)["v"].ToArray<float>());

        Safetensors.Save(path, new Dictionary<string, Tensor> { ["v"] = Tensor.From([1f + 1f / 256, 1f + 3f / 256, 3e38f, float.NaN]) }, floats: SafetensorsFloat.BF16);
        Assert.Equal([1f, 1f + 2f / 128, 3.00405527e38f, float.NaN], Safetensors.Load(path)["v"].ToArray<float>());
    }
}
