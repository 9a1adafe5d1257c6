using System.Collections.Generic;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Scalar;

namespace GraphGen.Generator.Ops
{
    /// <summary>Sigmoid: 1 / (1 + e^-x); gradient g·y·(1 - y). Fuses into a GEMM epilogue.</summary>
    internal sealed class SigmoidOp : ElementwiseOp, IGemmActivation
    {
        public override string Name => "Sigmoid";

        public override OpForms Forms { get; } = OpForms.Activation("Sigmoid", "Sigmoid");

        public string GemmActivation => "Sigmoid";

        public override bool BackwardUsesOutputOnly => true;

        public override ScalarExpr Forward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarArguments scalars) => 1 / (1 + ScalarExpr.Exp(-x[0]));

        public override ScalarExpr?[] Backward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarExpr y, ScalarExpr g, ScalarArguments scalars) =>
            new[] { g * y * (1 - y) };

        public override bool LowerToOnnx(OnnxContext c) => c.Single("Sigmoid");
    }
}
