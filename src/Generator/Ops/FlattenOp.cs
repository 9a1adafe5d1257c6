using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// Flatten(startDim, endDim): merges a range of dimensions (no code: the buffer is shared). The layer's
    /// defaults are (1, -1), Tensor.Flatten's (0, -1), as in PyTorch. Attributes: Numbers = [start, end].
    /// </summary>
    internal sealed class FlattenOp : OpDefinition
    {
        public override string Name => "Flatten";

        public override OpForms Forms { get; } = new("Flatten", methods: new[] { "Flatten" });
        
        public override IReadOnlyList<string> ShapeArguments { get; } = new[] { "startDim", "endDim" };

        public override OpCategory Category => OpCategory.View;

        public override NodeAttributes? FromLayer(BuildContext context) => Range(context, defaultStart: 1);

        public override NodeAttributes? FromCall(BuildContext context) => Range(context, defaultStart: 0);

        private static NodeAttributes? Range(BuildContext context, int defaultStart)
        {
            var start = context.Constant("startDim", ValueSpec.Constant(defaultStart, "", null));
            var end = context.Constant("endDim", ValueSpec.Constant(-1, "", null));
            if (start is null || end is null) return null;
            return NodeAttributes.WithNumbers(start.Number, end.Number);
        }

        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs)
        {
            var input = inputs[0];
            int rank = System.Math.Max(input.Rank, 1);
            int start = (int)node.Attributes.Numbers[0], end = (int)node.Attributes.Numbers[1];
            foreach (int d in new[] { start, end })
                if (d < -rank || d >= rank)
                {
                    context.Report(new CheckMessage(DiagnosticDescriptors.DimOutOfRange, node.Label, d, input, input.Rank, -rank, rank - 1));
                    return null;
                }

            if (start < 0) start += rank;
            if (end < 0) end += rank;
            if (input.Rank == 0) return SymShape.Of(SymDim.Const(1));
            if (start > end)
            {
                context.Report(new CheckMessage(DiagnosticDescriptors.DimOutOfRange, node.Label, start, input, input.Rank, -rank, end));
                return null;
            }

            var merged = SymDim.Product(input.Dims.Skip(start).Take(end - start + 1));
            return new SymShape(input.Dims.Take(start).Concat(new[] { merged }).Concat(input.Dims.Skip(end + 1)).ToEquatableArray());
        }

        public override bool WorksUnbatched(GraphNode node) => false;

        /// <summary>A Reshape to the inferred shape.</summary>
        public override bool LowerToOnnx(OnnxContext c) => c.ReshapeToOutput();

        public override string Describe(GraphNode node) => $"Flatten({(int)node.Attributes.Numbers[0]}, {(int)node.Attributes.Numbers[1]})";
    }
}
