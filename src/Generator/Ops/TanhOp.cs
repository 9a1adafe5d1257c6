using System.Collections.Generic;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Scalar;

namespace GraphGen.Generator.Ops
{
    /// <summary>Tanh; gradient g·(1 - y²). Fuses into a GEMM epilogue.</summary>
    internal sealed class TanhOp : ElementwiseOp, IGemmActivation
    {
        public override string Name => "Tanh";

        public override OpForms Forms { get; } = OpForms.Activation("Tanh", "Tanh");

        public string GemmActivation => "Tanh";

        public override bool BackwardUsesOutputOnly => true;

        public override ScalarExpr Forward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarArguments scalars) => ScalarExpr.Tanh(x[0]);

        public override ScalarExpr?[] Backward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarExpr y, ScalarExpr g, ScalarArguments scalars) =>
            new[] { g * (1 - y * y) };

        public override bool LowerToOnnx(OnnxContext c) => c.Single("Tanh");
    }
}
