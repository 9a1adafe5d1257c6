using System.Text.Json;
using GraphGen.Integration.Modules;
using GraphGen.Nn;
using GraphGen.Serialization;

namespace GraphGen.Integration;

/// <summary>
/// A CNN checkpoint written by PyTorch 1.13 (tests/Runtime.Tests/Serialization/TestData/make_pytorch_checkpoints.py:
/// conv-BN-ReLU-maxpool, conv, flatten, linear, in float32 and float16, BatchNorm with trained running statistics) loads
/// strictly into the compiled <see cref="PyTorchCnn"/> and into the same network as an eager Sequential, and both give
/// PyTorch's eval outputs (issue #15).
/// </summary>
public class PyTorchCnnCheckpointTests
{
    /// <summary>
    /// Both precisions are held to float32 accuracy: the float16 expectation is PyTorch's float32 output for the weights
    /// rounded to float16, which is what GraphGen computes after widening them.
    /// </summary>
    private const double Tolerance = 1e-5;

    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "PyTorch", name);

    private static readonly JsonElement s_cnn = JsonDocument.Parse(File.ReadAllText(Data("expected.json"))).RootElement.GetProperty("cnn");

    /// <summary>A nested JSON array as a tensor of its shape.</summary>
    private static Tensor FromJson(JsonElement array)
    {
        var shape = new List<int>();
        for (var level = array; level.ValueKind == JsonValueKind.Array; level = level[0]) shape.Add(level.GetArrayLength());
        var values = new List<float>();
        void Collect(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array) foreach (var child in e.EnumerateArray()) Collect(child);
            else values.Add(e.GetSingle());
        }
        Collect(array);
        return Tensor.From(values.ToArray()).View([.. shape]);
    }

    private static Tensor Input => FromJson(s_cnn.GetProperty("input"));

    private static Tensor Expected(string precision) => FromJson(s_cnn.GetProperty("outputs").GetProperty(precision));

    private static OrderedDictionary<string, Tensor> Checkpoint(string precision) => Safetensors.Load(Data($"cnn_{precision}.safetensors"));

    /// <summary>PyTorch's Cnn as a Sequential: its keys are the layers' positions, so conv1.weight is 0.weight.</summary>
    private static readonly Dictionary<string, string> s_sequentialPrefixes = new() { ["conv1"] = "0", ["bn1"] = "1", ["conv2"] = "4", ["fc"] = "6" };

    private static Sequential EagerCnn() => new(
        new Conv2d(1, 4, kernelSize: 3, padding: 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
        new Conv2d(4, 6, kernelSize: 3), new Flatten(), new Linear(6 * 2 * 2, 3));

    private static Tensor RunCompiled(IReadOnlyDictionary<string, Tensor> state)
    {
        var net = new PyTorchCnn();
        LoadStrictly(net, state);
        net.Eval();
        return net.Call(Input);
    }

    private static void LoadStrictly(Module net, IReadOnlyDictionary<string, Tensor> state)
    {
        var keys = net.LoadStateDict(state, strict: true);
        Assert.Empty(keys.MissingKeys);
        Assert.Empty(keys.UnexpectedKeys);
    }

    /// <summary>The largest difference from PyTorch's output, after checking the shapes agree.</summary>
    private static double MaxDifference(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        return expected.ToArray<float>().Zip(actual.ToArray<float>()).Max(p => Math.Abs(p.First - p.Second) / (1 + Math.Abs(p.First)));
    }

    [Theory]
    [InlineData("f32")]
    [InlineData("f16")]
    public void TheCompiledModuleReproducesPyTorchsOutputs(string precision)
    {
        double difference = MaxDifference(Expected(precision), RunCompiled(Checkpoint(precision)));
        Assert.True(difference <= Tolerance, $"{precision}: compiled PyTorchCnn differs from PyTorch by {difference:E2}");
    }

    [Theory]
    [InlineData("f32")]
    [InlineData("f16")]
    public void TheEagerSequentialReproducesPyTorchsOutputs(string precision)
    {
        var net = EagerCnn();
        var state = Checkpoint(precision).ToDictionary(kv => s_sequentialPrefixes[kv.Key[..kv.Key.IndexOf('.')]] + kv.Key[kv.Key.IndexOf('.')..], kv => kv.Value);
        LoadStrictly(net, state);
        net.Eval();
        double difference = MaxDifference(Expected(precision), net.Call(Input));
        Assert.True(difference <= Tolerance, $"{precision}: eager Sequential differs from PyTorch by {difference:E2}");
    }

    [Fact]
    public void TheHalfPrecisionOutputsDifferFromTheFloat32Ones() =>
        // Otherwise the f16 case could pass with the float32 weights: the tolerance must tell the two apart.
        Assert.True(MaxDifference(Expected("f32"), Expected("f16")) > 10 * Tolerance);

    [Fact]
    public void EveryPerturbedTensorChangesTheOutputBeyondTheTolerance()
    {
        // Each tensor of the checkpoint (weights, biases, BN affine and running statistics) is read: 0.05 added to it
        // moves the output, so a load that dropped or misplaced any of them would fail the tests above.
        var checkpoint = Checkpoint("f32");
        foreach (var key in checkpoint.Keys.Where(k => checkpoint[k].DType == DType.Float32))
        {
            var state = new Dictionary<string, Tensor>(checkpoint) { [key] = checkpoint[key] + 0.05 };
            double difference = MaxDifference(Expected("f32"), RunCompiled(state));
            Assert.True(difference > 10 * Tolerance, $"adding 0.05 to {key} moved the output by only {difference:E2}");
        }
    }
}
