using System.Collections.Generic;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Ops
{
    /// <summary>Neg: -x; gradient -g.</summary>
    internal sealed class NegOp : ElementwiseOp
    {
        public override string Name => "Neg";

        public override bool BackwardUsesOutputOnly => false;

        public override string Forward(GraphNode node, IReadOnlyList<string> x, ScalarArguments scalars) => $"-{x[0]}";

        public override string?[] Backward(GraphNode node, IReadOnlyList<string> x, string y, string g, ScalarArguments scalars) =>
            new[] { $"-{g}" };
    }
}
