using GraphGen.Integration.Modules;
using GraphGen.Integration.Support;
using GraphGen.Interop;
using GraphGen.Interop.OnnxProto;
using GraphGen.Nn;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GraphGen.Integration;

/// <summary>
/// ONNX export (issue #15): every integration module (<see cref="GpuCallTests.Cases"/>, which covers each [Module] class
/// of this assembly) is exported, run by ONNX Runtime, and compared with its compiled Call in eval mode.
/// </summary>
public class OnnxExportTests
{
    /// <summary>
    /// Every case whose inputs have the rank the graph declares ([B, features]): Call's unbatched and any-rank
    /// conveniences (a [7] or [2] input, [3, 1, 4, 4] rows, leading dims) are not part of the exported graph, whose inputs are [B, ...].
    /// AdaptivePoolGrid's uneven windows have no ONNX form, nor has ConvBnFolding's BatchNorm without affine (ONNX requires its scale and B); the Embedding modules take token ids (<see cref="AnEmbeddingsIdsAreAnInt64InputOfAGather"/>).
    /// </summary>
    public static TheoryData<string> Modules() => new(GpuCallTests.Cases
        .Where(c => c.Key is not ("AdaptivePoolGrid" or "ConvBnFolding") && !c.Key.Contains("Embedding", StringComparison.Ordinal) && HasDeclaredRanks(c.Value)).Select(c => c.Key));

    private static bool HasDeclaredRanks(GpuCallTests.Case c)
    {
        var graph = ((IHasCompiledGraph)c.Create()).CompiledGraph;
        return c.Shapes.Select((s, i) => s.Length == graph.Node(graph.Inputs[i]).Shape.Count).All(same => same);
    }

    [Fact]
    public void OnlyCallsConveniencesAreLeftOut() =>
        Assert.Equal(["Leading dims Mlp1", "Unbatched LectureModule", "Unbatched Mlp1", "ViewBatchByMinusOne images", "ViewOfParameter rank 3"],
            GpuCallTests.Cases.Where(c => !HasDeclaredRanks(c.Value)).Select(c => c.Key).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Modules))]
    public void OnnxRuntimeGivesTheCompiledCallsOutput(string module)
    {
        var c = GpuCallTests.Cases[module];
        Tensor.ManualSeed(2024);
        var net = c.Create();
        var graph = ((IHasCompiledGraph)net).CompiledGraph;

        var generator = new RandomGenerator(42);
        var inputs = c.Shapes.Select(s => Tensor.Randn(s, generator)).ToArray();
        // Two training calls move BatchNorm's running statistics away from their initial 0 and 1, which eval then uses.
        if (net.NamedBuffers().Any())
            for (int i = 0; i < 2; i++) c.Call(net, inputs.Select(x => x * 3.0 + 1.0).ToArray());
        net.Eval();
        var expected = c.Call(net, inputs);

        using var session = new InferenceSession(Onnx.ToBytes(net));
        var feeds = inputs.Select((x, i) => NamedOnnxValue.CreateFromTensor(graph.Inputs[i], new DenseTensor<float>(x.ToArray<float>(), x.Shape.ToArray()))).ToList();
        using var results = session.Run(feeds);
        var output = results.Single();
        Assert.Equal(graph.Output, output.Name);
        var actual = output.AsTensor<float>();
        Assert.Equal(expected.Shape.ToArray(), actual.Dimensions.ToArray());
        Compare.AssertClose(expected, Tensor.From(actual.ToArray()).View(expected.Shape.ToArray()), $"{module}: ONNX Runtime vs Call");
    }

    [Fact]
    public void AnEmbeddingsIdsAreAnInt64InputOfAGather()
    {
        Tensor.ManualSeed(2024);
        var net = new EmbeddingMean();
        net.Eval();
        var tokens = Tensor.From(new long[,] { { 0, 3, 9, 3 }, { 5, 5, 1, 0 } });
        var expected = net.Call(tokens);
        using var session = new InferenceSession(Onnx.ToBytes(net));
        Assert.Equal(TensorElementType.Int64, session.InputMetadata["tokens"].ElementDataType);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("tokens", new DenseTensor<long>(tokens.ToArray<long>(), [2, 4]))]);
        var actual = results.Single().AsTensor<float>();
        Compare.AssertClose(expected, Tensor.From(actual.ToArray()).View(2, 3), "EmbeddingMean: ONNX Runtime vs Call");
    }

    [Fact]
    public void AdaptivePoolingWithUnevenWindowsIsRefusedNamingTheOp()
    {
        var e = Assert.Throws<NotSupportedException>(() => Onnx.ToBytes(new AdaptivePoolGrid()));
        Assert.Equal("ONNX export of AdaptivePoolGrid: op 'AdaptiveAvgPool2d' (node 'F.AdaptiveAvgPool2d(x, 2)') has no ONNX form: " +
            "AdaptiveAvgPool2d(2) of [(B*images.features/50), 2, 5, 5] has uneven windows, which ONNX AveragePool cannot express.", e.Message);
    }

    [Fact]
    public void TheModelNamesItsInputsAfterForwardAndKeepsTheBatchSymbolic()
    {
        Tensor.ManualSeed(1);
        using var session = new InferenceSession(Onnx.ToBytes(new TwoInputModule(3, 5, 8)));
        Assert.Equal(["a", "b"], session.InputMetadata.Keys.ToArray());
        Assert.Equal([-1, 3], session.InputMetadata["a"].Dimensions);
        Assert.Equal("B", session.InputMetadata["a"].SymbolicDimensions[0]);
        Assert.Equal([-1, 1], session.OutputMetadata["head"].Dimensions);
    }

    [Fact]
    public void ACnnWithoutShapeHasSymbolicSpatialDimsAndRunsAtAnySize()
    {
        Tensor.ManualSeed(4);
        var net = new UndeclaredCnn();
        net.Eval();
        var bytes = Onnx.ToBytes(net);
        var input = ModelProto.Parser.ParseFrom(bytes).Graph.Input.Single().Type.TensorType.Shape.Dim;
        Assert.Equal(["param", "value", "param", "param"], input.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? "param" : "value"));
        Assert.Equal(3, input[1].DimValue);
        Assert.Equal(3, input.Select(d => d.DimParam).Where(p => p.Length > 0).Distinct().Count()); // batch, height and width apart

        using var session = new InferenceSession(bytes);
        foreach (int[] shape in new[] { new[] { 2, 3, 11, 13 }, [1, 3, 16, 20] })
        {
            var x = Tensor.Randn(shape, new RandomGenerator(9));
            var expected = net.Call(x);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(x.ToArray<float>(), shape))]);
            var actual = results.Single().AsTensor<float>();
            Assert.Equal(expected.Shape.ToArray(), actual.Dimensions.ToArray());
            Compare.AssertClose(expected, Tensor.From(actual.ToArray()).View(expected.Shape.ToArray()), $"UndeclaredCnn at {string.Join('x', shape)}: ONNX Runtime vs Call");
        }
    }

    [Fact]
    public void ACnnWithShapeHasConstantSpatialDims()
    {
        Tensor.ManualSeed(4);
        var input = ModelProto.Parser.ParseFrom(Onnx.ToBytes(new PyTorchCnn())).Graph.Input.Single().Type.TensorType.Shape.Dim;
        Assert.Equal("B", input[0].DimParam);
        Assert.Equal([1L, 8L, 8L], input.Skip(1).Select(d => d.DimValue));
    }

    [Fact]
    public void ParametersAreInitializersNamedByTheirStateDictKeys()
    {
        Tensor.ManualSeed(1);
        var net = new NestedModule(6, 10, 4);
        var model = ModelProto.Parser.ParseFrom(Onnx.ToBytes(net));
        Assert.Equal(net.StateDict().Keys.Order(), model.Graph.Initializer.Select(i => i.Name).Order());
        Assert.Equal(Onnx.Opset, model.OpsetImport.Single().Version);
        var weight = model.Graph.Initializer.Single(i => i.Name == "block1.fc1.weight");
        Assert.Equal([10L, 10L], weight.Dims);
        Assert.Equal(net.StateDict()["block1.fc1.weight"].ToArray<float>(), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(weight.RawData.Span).ToArray());
    }

    [Fact]
    public void DropoutIsRemoved()
    {
        Tensor.ManualSeed(1);
        var model = ModelProto.Parser.ParseFrom(Onnx.ToBytes(new ImageNet()));
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "Dropout");
        Assert.Equal(["Constant", "Reshape", "Constant", "Reshape", "Gemm", "Relu", "Gemm", "Softmax"], model.Graph.Node.Select(n => n.OpType));
    }

    [Fact]
    public void AModuleWithoutACompiledGraphIsRefusedByName()
    {
        var e = Assert.Throws<NotSupportedException>(() => Onnx.Export(new Linear(2, 3), Path.Combine(Path.GetTempPath(), "never.onnx")));
        Assert.Contains("ONNX export needs a compiled graph, and Linear has none", e.Message);
    }

    [Fact]
    public void ExportWritesTheModelFile()
    {
        Tensor.ManualSeed(3);
        var net = new Mlp1(7, 13, 5);
        string path = Path.Combine(Path.GetTempPath(), $"graphgen-{Guid.NewGuid():N}.onnx");
        try
        {
            Onnx.Export(net, path);
            Assert.Equal(Onnx.ToBytes(net), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
