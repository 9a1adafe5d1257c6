using System.Collections.Generic;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Scalar;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// ELU: x where x &gt; 0, else alpha·(eˣ - 1) (exp only sees min(x, 0), so large inputs never overflow);
    /// gradient g, or g·alpha·eˣ. Attributes: Numbers = [alpha] when constant; an ELU layer whose alpha is a
    /// constructor parameter is read at run time.
    /// </summary>
    internal sealed class EluOp : ElementwiseOp
    {
        public override string Name => "Elu";

        public override OpForms Forms { get; } = OpForms.Activation("ELU", "Elu");

        public override NodeAttributes? FromCall(BuildContext context)
        {
            var alpha = context.Constant("alpha", ValueSpec.Constant(1.0, "1", null));
            return alpha is null ? null : NodeAttributes.WithNumbers(alpha.Number);
        }

        public override NodeAttributes? FromLayer(BuildContext context) =>
            context.Arg("alpha") is { IsNumber: true } alpha ? NodeAttributes.WithNumbers(alpha.Number) : NodeAttributes.None;

        public override bool ReadsLayer(GraphNode node) => node.Attributes.Numbers.Count == 0;

        public override IEnumerable<RuntimeScalar> RuntimeScalars(GraphNode node)
        {
            if (node.Attributes.Numbers.Count == 0) yield return new RuntimeScalar("alpha", "Alpha");
        }

        public override ScalarExpr Forward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarArguments scalars) =>
            ScalarExpr.Where(x[0] > 0, x[0], Alpha(node, scalars) * (ScalarExpr.Exp(ScalarExpr.Min(x[0], 0)) - 1));

        public override ScalarExpr?[] Backward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarExpr y, ScalarExpr g, ScalarArguments scalars) =>
            new[] { ScalarExpr.Where(x[0] > 0, g, g * Alpha(node, scalars) * ScalarExpr.Exp(x[0])) };

        public override bool LowerToOnnx(OnnxContext c) => c.Single("Elu", c.FloatOf("alpha", c.Node.Attributes.Numbers, "Alpha"));

        public override string Describe(GraphNode node) =>
            node.Attributes.Numbers.Count == 0 ? "ELU" : $"ELU({ValueSpec.FormatNumber(node.Attributes.Numbers[0])})";

        private static ScalarExpr Alpha(GraphNode node, ScalarArguments scalars) =>
            node.Attributes.Numbers.Count == 0 ? scalars("alpha") : node.Attributes.Numbers[0];
    }
}
