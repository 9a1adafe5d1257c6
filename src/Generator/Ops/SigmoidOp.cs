using System.Collections.Generic;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Ops
{
    /// <summary>Sigmoid: 1 / (1 + e^-x); gradient g·y·(1 - y). Fuses into a GEMM epilogue.</summary>
    internal sealed class SigmoidOp : ElementwiseOp, IGemmActivation
    {
        public override string Name => "Sigmoid";

        public string GemmActivation => "Sigmoid";

        public override bool BackwardUsesOutputOnly => true;

        public override string Forward(GraphNode node, IReadOnlyList<string> x, ScalarArguments scalars) => $"1f / (1f + global::System.MathF.Exp(-{x[0]}))";

        public override string?[] Backward(GraphNode node, IReadOnlyList<string> x, string y, string g, ScalarArguments scalars) =>
            new[] { $"{g} * {y} * (1f - {y})" };
    }
}
