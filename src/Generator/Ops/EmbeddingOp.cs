using System.Collections.Generic;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// <c>Embedding(numEmbeddings, embeddingDim, paddingIdx)</c>: y[..., :] = weight[index, :] for each integer index.
    /// Its input must be a Forward input that only Embeddings read (an index input: the compiled Call takes it as
    /// Int64 or Int32); an op's output or an input that float ops read too is GG0122. Backward adds each row of dy into
    /// its index's row of the weight's gradient, skipping the padding row (read from the layer); indices get no gradient.
    /// Attributes: Dims = [numEmbeddings, embeddingDim].
    /// </summary>
    internal sealed class EmbeddingOp : OpDefinition, IKernelOp
    {
        private static readonly string[] s_parameters = { "Weight" };
        private static readonly string[] s_dimensionMembers = { "NumEmbeddings", "EmbeddingDim" };
        private static readonly string[] s_dimensionArguments = { "numEmbeddings", "embeddingDim" };

        public override string Name => "Embedding";

        public override OpForms Forms { get; } = new("Embedding");

        public override IReadOnlyList<string> ShapeArguments => s_dimensionArguments;

        public override IReadOnlyList<string> Parameters => s_parameters;

        public override IReadOnlyList<string> DimensionMembers => s_dimensionMembers;

        public override IEnumerable<(string Key, string Shape)> ParameterDocs(System.Func<string, string> argument)
        {
            yield return ("weight", $"[{argument("numEmbeddings")}, {argument("embeddingDim")}]");
        }

        public override NodeAttributes? FromLayer(BuildContext context)
        {
            var rows = context.Arg("numEmbeddings");
            var dim = context.Arg("embeddingDim");
            if (rows is null || dim is null) return null;
            var rowsDim = context.Dim(rows);
            var dimDim = context.Dim(dim);
            if (rowsDim is null || dimDim is null) return null; // GG0005 was reported by the parser
            return new NodeAttributes(new EquatableArray<SymDim>(new[] { rowsDim, dimDim }), EquatableArray<double>.Empty, "");
        }

        /// <summary>[*] indices give [*, embeddingDim]; GG0122 when the indices are an op's (float) output.</summary>
        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs)
        {
            var source = context.Node(node.Inputs[0]);
            if (source.Op != "Input")
            {
                context.Report(NotInteger(node, context.Origin(node.Inputs[0]).Label, new object[] { "a float32 tensor of shape ", inputs[0] }));
                return null;
            }

            var dims = new List<SymDim>(inputs[0].Dims) { node.Attributes.Dims[1] };
            return new SymShape(dims.ToEquatableArray());
        }

        /// <summary>GG0122's message for this node, fed <paramref name="source"/>, described by <paramref name="what"/>.</summary>
        public static CheckMessage NotInteger(GraphNode node, string source, object what) =>
            new(DiagnosticDescriptors.EmbeddingNotInteger, node.Label, "'" + source + "'", what);

        public override bool WorksUnbatched(GraphNode node) => false;

        public override bool ReadsLayer(GraphNode node) => true;

        public override string Describe(GraphNode node) => $"Embedding({node.Attributes.Dims[0]}, {node.Attributes.Dims[1]})";

        /// <summary>ONNX Gather of the weight's rows by the (int64) indices.</summary>
        public override bool LowerToOnnx(OnnxContext c)
        {
            c.Add("Gather", new[] { c.Parameter("weight"), c.X[0] }, c.Y, OnnxContext.Int("axis", 0));
            return true;
        }

        public IReadOnlyList<SavedBuffer> SavedBuffers(GraphNode node) => System.Array.Empty<SavedBuffer>();

        public IReadOnlyList<KernelValue> Values(GraphNode node) => System.Array.Empty<KernelValue>();

        public IEnumerable<KernelCall> Forward(KernelLowering c)
        {
            yield return new KernelCall("Embedding", "Forward", $"each index's row of the [{c.Node.Attributes.Dims[0]}, {c.Node.Attributes.Dims[1]}] table",
                KernelArgument.Input(0), KernelArgument.Output, KernelArgument.Dim(c.Node.Attributes.Dims[1]), KernelArgument.Parameter("Weight"));
        }

        public IEnumerable<KernelCall> Backward(KernelLowering c)
        {
            yield return new KernelCall("Embedding", "WeightGradient", "weight: each row of dy (+)= into its index's row, except the padding row",
                KernelArgument.Input(0), KernelArgument.OutputGradient, KernelArgument.Dim(c.Node.Attributes.Dims[1]),
                KernelArgument.LayerMember("PaddingIdx"), KernelArgument.ParameterGradient("Weight"));
        }
    }
}
