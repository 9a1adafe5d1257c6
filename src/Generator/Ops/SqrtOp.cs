using System.Collections.Generic;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Ops
{
    /// <summary>Sqrt: square root; gradient g / 2y.</summary>
    internal sealed class SqrtOp : ElementwiseOp
    {
        public override string Name => "Sqrt";

        public override bool BackwardUsesOutputOnly => true;

        public override string Forward(GraphNode node, IReadOnlyList<string> x, ScalarArguments scalars) => $"global::System.MathF.Sqrt({x[0]})";

        public override string?[] Backward(GraphNode node, IReadOnlyList<string> x, string y, string g, ScalarArguments scalars) =>
            new[] { $"{g} / (2f * {y})" };
    }
}
