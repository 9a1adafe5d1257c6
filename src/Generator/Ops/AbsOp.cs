using System.Collections.Generic;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Scalar;

namespace GraphGen.Generator.Ops
{
    /// <summary>Abs: |x|; gradient g·sign(x) (0 at 0, as PyTorch).</summary>
    internal sealed class AbsOp : ElementwiseOp
    {
        public override string Name => "Abs";

        public override OpForms Forms { get; } = new(methods: new[] { "Abs" });

        public override bool BackwardUsesOutputOnly => false;

        public override ScalarExpr Forward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarArguments scalars) => ScalarExpr.Abs(x[0]);

        public override ScalarExpr?[] Backward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarExpr y, ScalarExpr g, ScalarArguments scalars) =>
            new[] { g * ScalarExpr.Sign(x[0]) };

        public override bool LowerToOnnx(OnnxContext c) => c.Single("Abs");
    }
}
