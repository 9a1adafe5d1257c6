using System.Collections.Generic;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Ops
{
    /// <summary>Exp: e^x; gradient g·y.</summary>
    internal sealed class ExpOp : ElementwiseOp
    {
        public override string Name => "Exp";

        public override bool BackwardUsesOutputOnly => true;

        public override string Forward(GraphNode node, IReadOnlyList<string> x, ScalarArguments scalars) => $"global::System.MathF.Exp({x[0]})";

        public override string?[] Backward(GraphNode node, IReadOnlyList<string> x, string y, string g, ScalarArguments scalars) =>
            new[] { $"{g} * {y}" };
    }
}
