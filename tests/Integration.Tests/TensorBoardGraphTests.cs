using GraphGen.Integration.Modules;
using GraphGen.Integration.Support;
using GraphGen.Monitoring;
using GraphGen.Nn;

namespace GraphGen.Integration;

/// <summary>
/// <see cref="SummaryWriter.AddGraph"/> (issue #15): the event file holds a GraphDef as TensorBoard's Graphs tab reads it,
/// decoded here field by field (graph.proto: GraphDef.node = 1, versions = 4; NodeDef: name = 1, op = 2, input = 3, attr = 5).
/// </summary>
public class TensorBoardGraphTests
{
    private sealed record DecodedNode(string Name, string Op, string[] Inputs, Dictionary<string, ProtoFields> Attributes)
    {
        /// <summary>A string attribute: AttrValue.s (2).</summary>
        public string Text(string attribute) => Attributes[attribute].String(2);

        /// <summary>_output_shapes: AttrValue.list (1) . shape (7) . dim (2) . size (1).</summary>
        public long[] OutputShape => Attributes["_output_shapes"].Message(1).Message(7).Messages(2).Select(d => d.Varints(1).SingleOrDefault()).ToArray();
    }

    private static (List<DecodedNode> Nodes, long Producer) WriteAndDecode(Module net)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"graphgen-graph-{Guid.NewGuid():N}");
        try
        {
            string file;
            using (var writer = new SummaryWriter(dir))
            {
                writer.AddGraph(net);
                file = writer.FilePath;
            }

            var graphDef = EventFileReader.Read(file).Events.Single(e => e.GraphDef is not null).GraphDef!;
            var graph = new ProtoFields(graphDef);
            var nodes = graph.Messages(1).Select(n => new DecodedNode(n.String(1), n.String(2), n.Strings(3).ToArray(),
                n.Messages(5).ToDictionary(entry => entry.String(1), entry => entry.Message(2)))).ToList();
            return (nodes, graph.Message(4).Varints(1).Single());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void NodesAreGroupedByModulePathWithInputsParametersAndShapes()
    {
        Tensor.ManualSeed(5);
        var (nodes, producer) = WriteAndDecode(new NestedModule(6, 10, 4));
        Assert.Equal(22, producer);
        Assert.Equal(
            ["x", "input.weight", "input.bias", "input", "relu_2",
             "block1/fc1.weight", "block1/fc1.bias", "block1/fc1", "block1/relu_4", "block1/fc2.weight", "block1/fc2.bias", "block1/fc2", "block1/mul_6", "block1/add_7", "block1/relu_8",
             "block2/fc1.weight", "block2/fc1.bias", "block2/fc1", "block2/relu_10", "block2/fc2.weight", "block2/fc2.bias", "block2/fc2", "block2/mul_12", "block2/add_13", "block2/relu_14",
             "head/0.weight", "head/0.bias", "head/0", "head/1"],
            nodes.Select(n => n.Name));

        var fc1 = nodes.Single(n => n.Name == "block1/fc1");
        Assert.Equal("Linear", fc1.Op);
        Assert.Equal(["relu_2", "block1/fc1.weight", "block1/fc1.bias"], fc1.Inputs);
        Assert.Equal([-1, 10], fc1.OutputShape);
        Assert.Equal("[B, hidden]", fc1.Text("shape"));
        Assert.Equal("Linear(hidden -> hidden)", fc1.Text("description"));

        var weight = nodes.Single(n => n.Name == "block1/fc1.weight");
        Assert.Equal("Parameter", weight.Op);
        Assert.Equal([10, 10], weight.OutputShape);

        var add = nodes.Single(n => n.Name == "block1/add_7");
        Assert.Equal("Add", add.Op);
        Assert.Equal(["block1/mul_6", "relu_2"], add.Inputs);
        Assert.Equal("block1: h * 0.5 + x", add.Text("label"));

        var logSoftmax = nodes.Single(n => n.Name == "head/1");
        Assert.Equal("LogSoftmax", logSoftmax.Op);
        Assert.Equal(["head/0"], logSoftmax.Inputs);
        Assert.Equal([-1, 4], logSoftmax.OutputShape);
    }

    [Fact]
    public void ACnnsConvolutionPoolAndBatchNormNodesCarryTheirShapes()
    {
        Tensor.ManualSeed(5);
        var (nodes, _) = WriteAndDecode(new PyTorchCnn());
        Assert.Equal(
            ["x", "conv1.weight", "conv1.bias", "conv1", "bn1.weight", "bn1.bias", "bn1", "relu_3", "maxpool2d_4",
             "conv2.weight", "conv2.bias", "conv2", "flatten_6", "fc.weight", "fc.bias", "fc"],
            nodes.Select(n => n.Name));

        var conv1 = nodes.Single(n => n.Name == "conv1");
        Assert.Equal("Conv2d", conv1.Op);
        Assert.Equal(["x", "conv1.weight", "conv1.bias"], conv1.Inputs);
        Assert.Equal([-1, 4, 8, 8], conv1.OutputShape);
        Assert.Equal("[B, 4, 8, 8]", conv1.Text("shape"));
        Assert.Equal("Conv2d(1 -> 4, kernel 3x3, stride 1x1, padding 1x1)", conv1.Text("description"));
        Assert.Equal([4, 1, 3, 3], nodes.Single(n => n.Name == "conv1.weight").OutputShape);

        var bn1 = nodes.Single(n => n.Name == "bn1");
        Assert.Equal("BatchNorm2d", bn1.Op);
        Assert.Equal(["conv1", "bn1.weight", "bn1.bias"], bn1.Inputs);
        Assert.Equal([-1, 4, 8, 8], bn1.OutputShape);
        Assert.Equal("BatchNorm2d(4)", bn1.Text("description"));

        var pool = nodes.Single(n => n.Name == "maxpool2d_4");
        Assert.Equal("MaxPool2d", pool.Op);
        Assert.Equal(["relu_3"], pool.Inputs);
        Assert.Equal([-1, 4, 4, 4], pool.OutputShape);
        Assert.Equal("MaxPool2d(kernel 2x2, stride 2x2)", pool.Text("description"));

        var conv2 = nodes.Single(n => n.Name == "conv2");
        Assert.Equal(["maxpool2d_4", "conv2.weight", "conv2.bias"], conv2.Inputs);
        Assert.Equal([-1, 6, 2, 2], conv2.OutputShape);
        Assert.Equal([-1, 24], nodes.Single(n => n.Name == "flatten_6").OutputShape);
    }

    [Fact]
    public void AnUndeclaredCnnsSpatialSizesAreUnknownAndKeptAsSymbols()
    {
        Tensor.ManualSeed(5);
        var (nodes, _) = WriteAndDecode(new UndeclaredCnn());
        var x = nodes.Single(n => n.Name == "x");
        Assert.Equal([-1, 3, -1, -1], x.OutputShape);
        Assert.Equal("[B, 3, H, W]", x.Text("shape"));

        var pool = nodes.Single(n => n.Name == "pool");
        Assert.Equal("MaxPool2d", pool.Op);
        Assert.Equal(["relu_2"], pool.Inputs);
        Assert.Equal([-1, 8, -1, -1], pool.OutputShape);
        Assert.Equal("[B, 8, (H-2)/2, (W-2)/2]", pool.Text("shape"));

        var smooth = nodes.Single(n => n.Name == "smooth");
        Assert.Equal("AvgPool2d", smooth.Op);
        Assert.Equal([-1, 4, -1, -1], smooth.OutputShape);
        Assert.Equal("[B, 4, ceil(((H-2)/2-1)/2)+1, ceil((W/4-1)/2)+1]", smooth.Text("shape"));
    }

    [Fact]
    public void AModuleWithoutACompiledGraphIsRefusedByName()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"graphgen-graph-{Guid.NewGuid():N}");
        try
        {
            using var writer = new SummaryWriter(dir);
            var e = Assert.Throws<NotSupportedException>(() => writer.AddGraph(new Sequential(new Linear(2, 3))));
            Assert.Contains("SummaryWriter.AddGraph needs a compiled graph, and Sequential has none", e.Message);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
