using System.Collections.Generic;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Scalar;

namespace GraphGen.Generator.Ops
{
    /// <summary>Neg: -x; gradient -g.</summary>
    internal sealed class NegOp : ElementwiseOp
    {
        public override string Name => "Neg";

        public override OpForms Forms { get; } = new(methods: new[] { "Neg" });

        public override bool BackwardUsesOutputOnly => false;

        public override ScalarExpr Forward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarArguments scalars) => -x[0];

        public override ScalarExpr?[] Backward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarExpr y, ScalarExpr g, ScalarArguments scalars) =>
            new[] { -g };

        public override bool LowerToOnnx(OnnxContext c) => c.Single("Neg");
    }
}
