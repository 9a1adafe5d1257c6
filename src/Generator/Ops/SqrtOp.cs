using System.Collections.Generic;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Scalar;

namespace GraphGen.Generator.Ops
{
    /// <summary>Sqrt: square root; gradient g / 2y.</summary>
    internal sealed class SqrtOp : ElementwiseOp
    {
        public override string Name => "Sqrt";

        public override OpForms Forms { get; } = new(methods: new[] { "Sqrt" });

        public override bool BackwardUsesOutputOnly => true;

        public override ScalarExpr Forward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarArguments scalars) => ScalarExpr.Sqrt(x[0]);

        public override ScalarExpr?[] Backward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarExpr y, ScalarExpr g, ScalarArguments scalars) =>
            new[] { g / (2 * y) };

        public override bool LowerToOnnx(OnnxContext c) => c.Single("Sqrt");
    }
}
