using System.Collections.Generic;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Scalar;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// SiLU ("swish"): x·σ(x), written x / (1 + e^-x); gradient g·σ(x)·(1 + x·(1 - σ(x))), PyTorch's
    /// SiluBackward0. Made of primitives only, so every backend's math table has it (the CPU's SIMD loop too).
    /// </summary>
    internal sealed class SiluOp : ElementwiseOp
    {
        public override string Name => "Silu";

        public override OpForms Forms { get; } = OpForms.Activation("SiLU", "Silu");

        public override ScalarExpr Forward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarArguments scalars) => x[0] / (1 + ScalarExpr.Exp(-x[0]));

        public override ScalarExpr?[] Backward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarExpr y, ScalarExpr g, ScalarArguments scalars)
        {
            var sigmoid = 1 / (1 + ScalarExpr.Exp(-x[0]));
            return new[] { g * sigmoid * (1 + x[0] * (1 - sigmoid)) };
        }

        public override string Describe(GraphNode node) => "SiLU";

        /// <summary>ONNX has no SiLU before opset 22's Swish: x · Sigmoid(x).</summary>
        public override bool LowerToOnnx(OnnxContext c)
        {
            c.Add("Mul", new[] { c.X[0], c.Add("Sigmoid", c.X, c.Temp("sigmoid")) }, c.Y);
            return true;
        }
    }
}
