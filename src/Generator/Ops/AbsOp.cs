using System.Collections.Generic;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Ops
{
    /// <summary>Abs: |x|; gradient g·sign(x) (0 at 0, as PyTorch).</summary>
    internal sealed class AbsOp : ElementwiseOp
    {
        public override string Name => "Abs";

        public override bool BackwardUsesOutputOnly => false;

        public override string Forward(GraphNode node, IReadOnlyList<string> x, ScalarArguments scalars) => $"global::System.MathF.Abs({x[0]})";

        public override string?[] Backward(GraphNode node, IReadOnlyList<string> x, string y, string g, ScalarArguments scalars) =>
            new[] { $"{g} * global::System.MathF.Sign({x[0]})" };
    }
}
