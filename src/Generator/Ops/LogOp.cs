using System.Collections.Generic;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Scalar;

namespace GraphGen.Generator.Ops
{
    /// <summary>Log: natural log; gradient g / x.</summary>
    internal sealed class LogOp : ElementwiseOp
    {
        public override string Name => "Log";

        public override OpForms Forms { get; } = new(methods: new[] { "Log" });

        public override bool BackwardUsesOutputOnly => false;

        public override ScalarExpr Forward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarArguments scalars) => ScalarExpr.Log(x[0]);

        public override ScalarExpr?[] Backward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarExpr y, ScalarExpr g, ScalarArguments scalars) =>
            new[] { g / x[0] };

        public override bool LowerToOnnx(OnnxContext c) => c.Single("Log");
    }
}
