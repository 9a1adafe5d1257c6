using System.Collections.Generic;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Ops
{
    /// <summary>Log: natural log; gradient g / x.</summary>
    internal sealed class LogOp : ElementwiseOp
    {
        public override string Name => "Log";

        public override bool BackwardUsesOutputOnly => false;

        public override string Forward(GraphNode node, IReadOnlyList<string> x, ScalarArguments scalars) => $"global::System.MathF.Log({x[0]})";

        public override string?[] Backward(GraphNode node, IReadOnlyList<string> x, string y, string g, ScalarArguments scalars) =>
            new[] { $"{g} / {x[0]}" };
    }
}
