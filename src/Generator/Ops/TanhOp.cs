using System.Collections.Generic;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Ops
{
    /// <summary>Tanh; gradient g·(1 - y²). Fuses into a GEMM epilogue.</summary>
    internal sealed class TanhOp : ElementwiseOp, IGemmActivation
    {
        public override string Name => "Tanh";

        public string GemmActivation => "Tanh";

        public override bool BackwardUsesOutputOnly => true;

        public override string Forward(GraphNode node, IReadOnlyList<string> x, ScalarArguments scalars) => $"global::System.MathF.Tanh({x[0]})";

        public override string?[] Backward(GraphNode node, IReadOnlyList<string> x, string y, string g, ScalarArguments scalars) =>
            new[] { $"{g} * (1f - {y} * {y})" };
    }
}
