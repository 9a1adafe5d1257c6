using GraphGen.Interop;
using GraphGen.Nn;

namespace GraphGen.Tests.Interop;

/// <summary>
/// What ONNX export refuses, with messages that name the op and the node (issue #15): graphs written by hand here
/// stand in for generated ones (Integration.Tests exports the generated graphs of every integration module).
/// </summary>
public class OnnxExportErrorTests
{
    /// <summary>A module carrying a given graph, as a generated {Type}.Graph.g.cs would.</summary>
    private sealed class HandWritten(CompiledGraph graph) : Module, IHasCompiledGraph
    {
        public CompiledGraph CompiledGraph { get; } = graph;
    }

    private static CompiledGraphNode Input(string name) =>
        new(name, "Input", "input", name, "", null, [], [], [new GraphDim(1, GraphDim.Batch), new GraphDim(4)], []);

    private static CompiledGraph Graph(params CompiledGraphNode[] nodes) =>
        new("HandWritten", ["x"], nodes[^1].Name, new Dictionary<string, long>(), [Input("x"), .. nodes]);

    [Fact]
    public void AnOpWithoutAnOnnxFormIsNamedWithItsNodeAndWhy()
    {
        var dropout = new CompiledGraphNode("dropout_1", "Dropout", "Dropout(0.5), always", "F.Dropout(x, 0.5, true)", "", null, [], ["x"],
            [new GraphDim(1, GraphDim.Batch), new GraphDim(4)], onnx: null, onnxUnsupported: "it drops even in eval mode");
        var e = Assert.Throws<NotSupportedException>(() => Onnx.ToBytes(new HandWritten(Graph(dropout))));
        Assert.Equal("ONNX export of HandWritten: op 'Dropout' (node 'F.Dropout(x, 0.5, true)') has no ONNX form: it drops even in eval mode.", e.Message);
    }

    [Fact]
    public void AReshapeWithTwoSizesOnlyTheInputKnowsIsRefused()
    {
        var target = new[] { new GraphDim(1, "x.features"), new GraphDim(1, "(B/2)") };
        var view = new CompiledGraphNode("view_1", "View", "View(...)", "x.View(...)", "", null, [], ["x"], target,
            [new OnnxNode("Constant", [], "view_1_shape", OnnxAttribute.Shape("value_ints", target)), new OnnxNode("Reshape", ["x", "view_1_shape"], "view_1")]);
        var e = Assert.Throws<NotSupportedException>(() => Onnx.ToBytes(new HandWritten(Graph(view))));
        Assert.Contains("node 'x.View(...)' reshapes to [x.features, (B/2)], where more than one size depends on the inputs", e.Message);
    }

    [Fact]
    public void AMissingRequiredParameterIsNamed()
    {
        var linear = new CompiledGraphNode("fc", "Linear", "Linear(4 -> 2)", "fc", "", "fc", ["fc.weight", "fc.bias"], ["x"],
            [new GraphDim(1, GraphDim.Batch), new GraphDim(2)], [new OnnxNode("MatMul", ["x", "fc.weight"], "fc")]);
        var e = Assert.Throws<NotSupportedException>(() => Onnx.ToBytes(new HandWritten(Graph(linear))));
        Assert.Equal("ONNX export of HandWritten: MatMul of node 'fc' needs the parameter 'fc.weight', which the module's state dict does not have.", e.Message);
    }
}
