using System.Collections.Generic;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Scalar;

namespace GraphGen.Generator.Ops
{
    /// <summary>Exp: e^x; gradient g·y.</summary>
    internal sealed class ExpOp : ElementwiseOp
    {
        public override string Name => "Exp";

        public override OpForms Forms { get; } = new(methods: new[] { "Exp" });

        public override bool BackwardUsesOutputOnly => true;

        public override ScalarExpr Forward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarArguments scalars) => ScalarExpr.Exp(x[0]);

        public override ScalarExpr?[] Backward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarExpr y, ScalarExpr g, ScalarArguments scalars) =>
            new[] { g * y };

        public override bool LowerToOnnx(OnnxContext c) => c.Single("Exp");
    }
}
