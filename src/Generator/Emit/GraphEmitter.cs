using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// Writes <c>{Type}.Graph.g.cs</c>: Forward's static graph as data the runtime reads through
    /// <c>GraphGen.Interop.IHasCompiledGraph</c> — every node with its name and op as in the shape table, its inputs,
    /// symbolic shape, module scope, the state-dict keys of its parameters, and its ONNX form as its op file lowers it
    /// (<see cref="OpDefinition.LowerToOnnx"/>). ONNX export and TensorBoard's graph read it; neither traces a call.
    /// </summary>
    internal static class GraphEmitter
    {
        private const string Interop = "global::GraphGen.Interop.";

        public static string? Emit(ModulePlan plan)
        {
            if (plan.Model.Graph is not { } graph || plan.Kernels is null || plan.Backward is null) return null;
            var model = plan.Model;
            var w = new SourceWriter();
            int blocks = GeneratedFile.Open(w, model, $"GraphGen: {model.FullName}'s compiled graph as data, for ONNX export and TensorBoard's graph.",
                " : " + Interop + "IHasCompiledGraph");
            w.Line("/// <summary>Forward's compiled graph in eval mode; sizes given to the constructor are read from the layers.</summary>");
            w.OpenBlock($"{Interop}CompiledGraph {Interop}IHasCompiledGraph.CompiledGraph");
            w.OpenBlock("get");
            w.Line("var layers = _callLayers ??= ResolveCallLayers();");
            w.Line($"return new {Interop}CompiledGraph(");
            w.Line($"    {GeneratedFile.Literal(model.Name)},");
            w.Line($"    new string[] {{ {string.Join(", ", graph.Inputs.Select(i => GeneratedFile.Literal(graph.Nodes[i.NodeId].Name)))} }},");
            w.Line($"    {GeneratedFile.Literal(graph.Nodes[graph.Output].Name)},");
            WriteSizes(w, graph);
            w.Line($"    new {Interop}CompiledGraphNode[]");
            w.Line("    {");
            foreach (var node in graph.Nodes) WriteNode(w, graph, node);
            w.Line("    });");
            w.CloseBlock();
            w.CloseBlock();
            GeneratedFile.Close(w, blocks);
            return w.ToString();
        }

        /// <summary>The sizes given to the constructor, read where the compiled Call reads them (a Linear's InFeatures).</summary>
        private static void WriteSizes(SourceWriter w, ModuleGraph graph)
        {
            var sizes = graph.Symbols.Where(s => s.Kind == SymbolSourceKind.LayerProperty).ToList();
            w.Line("    new global::System.Collections.Generic.Dictionary<string, long>");
            w.Line("    {");
            foreach (var s in sizes) w.Line($"        [{GeneratedFile.Literal(s.Symbol)}] = layers.{CodeNames.Layer(s.Subject)}.{s.Member},");
            w.Line("    },");
        }

        private static void WriteNode(SourceWriter w, ModuleGraph graph, GraphNode node)
        {
            var op = OpRegistry.Get(node.Op);
            var inputs = node.Inputs.Select(i => graph.Nodes[i]).ToList();
            var onnx = new OnnxContext(node, inputs.Select(i => i.Name).ToList(), inputs.Select(i => i.Shape).ToList(),
                member => $"layers.{CodeNames.Layer(node.LayerPath ?? "")}.{member}");
            bool lowered = op.LowerToOnnx(onnx);
            var parameters = node.LayerPath is null ? new List<string>() : op.Parameters.Select(p => $"{node.LayerPath}.{p.ToLowerInvariant()}").ToList();

            w.Line($"        new {Interop}CompiledGraphNode({Literal(node.Name)}, {Literal(node.Op)}, {Literal(op.Describe(node))}, label: {Literal(node.Label)},");
            w.Line($"            scope: {Literal(node.Scope)}, layerPath: {(node.LayerPath is null ? "null" : Literal(node.LayerPath))}, parameters: {Strings(parameters)},");
            w.Line($"            inputs: {Strings(inputs.Select(i => i.Name))},");
            w.Line($"            shape: new {Interop}GraphDim[] {{ {string.Join(", ", node.Shape.Dims.Select(OnnxContext.GraphDimCode))} }},");
            if (!lowered)
            {
                w.Line($"            onnx: null, onnxUnsupported: {Literal(onnx.UnsupportedReason ?? "no ONNX form")}),");
                return;
            }

            if (onnx.Nodes.Count == 0)
            {
                w.Line($"            onnx: global::System.Array.Empty<{Interop}OnnxNode>()),");
                return;
            }

            w.Line($"            onnx: new {Interop}OnnxNode[]");
            w.Line("            {");
            foreach (var n in onnx.Nodes)
                w.Line($"                new({Literal(n.OpType)}, {Strings(n.Inputs)}, {Literal(n.Output)}{string.Concat(n.Attributes.Select(a => ", " + a))}),");
            w.Line("            }),");
        }

        private static string Literal(string text) => GeneratedFile.Literal(text);

        private static string Strings(IEnumerable<string> values)
        {
            var list = values.ToList();
            return list.Count == 0 ? "global::System.Array.Empty<string>()" : $"new string[] {{ {string.Join(", ", list.Select(Literal))} }}";
        }
    }
}
