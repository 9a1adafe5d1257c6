using System.Collections.Generic;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Scalar;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// LeakyReLU: x where x &gt; 0, else slope·x; gradient g or slope·g. Attributes: Numbers = [slope] when it
    /// is a constant; a LeakyReLU layer whose slope is a constructor parameter is read at run time.
    /// </summary>
    internal sealed class LeakyReluOp : ElementwiseOp
    {
        public override string Name => "LeakyRelu";

        public override OpForms Forms { get; } = OpForms.Activation("LeakyReLU", "LeakyRelu");

        public override NodeAttributes? FromCall(BuildContext context)
        {
            var slope = context.Constant("negativeSlope", ValueSpec.Constant(0.01, "0.01", null));
            return slope is null ? null : NodeAttributes.WithNumbers(slope.Number);
        }

        public override NodeAttributes? FromLayer(BuildContext context)
        {
            var slope = context.Arg("negativeSlope");
            return slope is { IsNumber: true } ? NodeAttributes.WithNumbers(slope.Number) : NodeAttributes.None;
        }

        public override bool ReadsLayer(GraphNode node) => node.Attributes.Numbers.Count == 0;

        public override IEnumerable<RuntimeScalar> RuntimeScalars(GraphNode node)
        {
            if (node.Attributes.Numbers.Count == 0) yield return new RuntimeScalar("slope", "NegativeSlope");
        }

        public override ScalarExpr Forward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarArguments scalars) =>
            ScalarExpr.Where(x[0] > 0, x[0], Slope(node, scalars) * x[0]);

        public override ScalarExpr?[] Backward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarExpr y, ScalarExpr g, ScalarArguments scalars) =>
            new[] { ScalarExpr.Where(x[0] > 0, g, Slope(node, scalars) * g) };

        public override bool LowerToOnnx(OnnxContext c) => c.Single("LeakyRelu", c.FloatOf("alpha", c.Node.Attributes.Numbers, "NegativeSlope"));

        public override string Describe(GraphNode node) =>
            node.Attributes.Numbers.Count == 0 ? "LeakyReLU" : $"LeakyReLU({ValueSpec.FormatNumber(node.Attributes.Numbers[0])})";

        private static ScalarExpr Slope(GraphNode node, ScalarArguments scalars) =>
            node.Attributes.Numbers.Count == 0 ? scalars("slope") : node.Attributes.Numbers[0];
    }
}
