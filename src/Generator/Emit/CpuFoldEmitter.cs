using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
using GraphGen.Generator.Model;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// The CPU code of a <see cref="ConvBatchNormFold"/>: in the Call, the choice between the folded convolution (eval,
    /// no autograd) and the kernels as planned; and the folded method, which folds the BatchNorm into the weights and
    /// runs the convolution's own forward kernel call with them, the activation in its epilogue.
    /// </summary>
    internal sealed class CpuFoldEmitter
    {
        private readonly ModuleGraph _graph;
        private readonly CodeNames _names;

        public CpuFoldEmitter(ModuleGraph graph, CodeNames names)
        {
            _graph = graph;
            _names = names;
        }

        /// <summary>The Call's lines: the folded call when it applies, else <paramref name="unfolded"/> (each kernel's launch).</summary>
        public static IEnumerable<string> Launch(ConvBatchNormFold fold, string input, string output, IEnumerable<string> unfolded)
        {
            string conv = CodeNames.Layer(fold.Convolution.First.LayerPath!), norm = CodeNames.Layer(fold.Norm.First.LayerPath!);
            yield return $"if (global::GraphGen.Compiled.ConvBatchNormFold.Applies(layers.{norm}))";
            yield return "{";
            yield return $"    // eval without autograd: {norm} folded into {conv}'s weights, one convolution";
            yield return $"    {fold.MethodName}(in sizes, {input}, {output}, ws.{fold.FieldName}, layers.{conv}, layers.{norm});";
            yield return "}";
            yield return "else";
            yield return "{";
            foreach (var line in unfolded) yield return "    " + line;
            yield return "}";
        }

        /// <summary>The workspace field holding a fold's weights.</summary>
        public static string Field(ConvBatchNormFold fold) => $"public readonly global::GraphGen.Compiled.ConvBatchNormFold {fold.FieldName} = new();";

        public void EmitMethod(SourceWriter w, ConvBatchNormFold fold)
        {
            var convNode = fold.Convolution.First;
            var normNode = fold.Norm.First;
            var nodes = new List<GraphNode> { convNode };
            if (fold.ActivationNode is { } activationNode) nodes.Add(activationNode);
            // The convolution as a GEMM kernel with the activation in its epilogue: its own op lowers the call.
            var folded = new Kernel(KernelKind.Gemm, nodes.ToEquatableArray(), fold.Convolution.Inputs);
            var lowering = new KernelLowering(folded, convNode.Inputs.Select(i => _graph.Nodes[i].Shape).ToList());
            var renderer = new CpuKernelCallRenderer(folded, _names);
            string activation = fold.ActivationNode is null ? "" : $", {fold.ActivationNode.Label} in the epilogue";
            w.Line($"/// <summary>{Escape($"{convNode.Label} with {normNode.Label} folded into its weights{activation} (eval, no autograd). {_graph.Nodes[convNode.Inputs[0]].Shape} -> {fold.Output.Shape}")}</summary>");
            string parameters = string.Join(", ",
                "in CallSizes s", "global::System.ReadOnlySpan<float> x", "global::System.Span<float> y", "global::GraphGen.Compiled.ConvBatchNormFold fold",
                $"{LayerType(convNode)} conv", $"{LayerType(normNode)} norm");
            using (w.OpenBlock($"private static void {fold.MethodName}({parameters})"))
            {
                w.Line("// W' = W·γ/√(running_var + ε), b' = (b − running_mean)·γ/√(running_var + ε) + β: recomputed each call, O(weights), never stale");
                w.Line("fold.Fold(conv.Weight, conv.Bias, norm);");
                foreach (var call in KernelParameters.LoweredBy(folded)!.Forward(lowering))
                    foreach (var line in renderer.Lines(call with { Arguments = call.Arguments.Select(WithFoldedParameters).ToEquatableArray() }))
                        w.Line(line);
            }
        }

        /// <summary>The convolution's parameters read from the fold instead of the layer.</summary>
        private static KernelArgument WithFoldedParameters(KernelArgument a) =>
            a.Kind == KernelArgumentKind.Parameter ? KernelArgument.Value("fold." + a.Text) with { Label = a.Label } : a;

        private string LayerType(GraphNode node) => _graph.Layers.First(l => l.Path == node.LayerPath).TypeName;

        private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
