using System.Collections.Generic;
using GraphGen.Generator.Graph;
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

        public override string Forward(GraphNode node, IReadOnlyList<string> x, ScalarArguments scalars) =>
            $"({x[0]} > 0f ? {x[0]} : {Alpha(node, scalars)} * (global::System.MathF.Exp(global::System.MathF.Min({x[0]}, 0f)) - 1f))";

        public override string?[] Backward(GraphNode node, IReadOnlyList<string> x, string y, string g, ScalarArguments scalars) =>
            new[] { $"({x[0]} > 0f ? {g} : {g} * {Alpha(node, scalars)} * global::System.MathF.Exp({x[0]}))" };

        public override string Describe(GraphNode node) =>
            node.Attributes.Numbers.Count == 0 ? "ELU" : $"ELU({ValueSpec.FormatNumber(node.Attributes.Numbers[0])})";

        private static string Alpha(GraphNode node, ScalarArguments scalars) =>
            node.Attributes.Numbers.Count == 0 ? scalars("alpha") : FloatLiteral.Of(node.Attributes.Numbers[0]);
    }
}
