using System.Collections.Generic;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// GELU, exact (erf) or tanh-approximated; the formula and its derivative live in
    /// GraphGen.Compiled.ScalarMath, shared with the eager op's definition. Attributes: Text = "none" or "tanh".
    /// </summary>
    internal sealed class GeluOp : ElementwiseOp
    {
        public override string Name => "Gelu";

        public override NodeAttributes? FromCall(BuildContext context) => Approximation(context);

        public override NodeAttributes? FromLayer(BuildContext context) => Approximation(context);

        private static NodeAttributes? Approximation(BuildContext context)
        {
            var v = context.Constant("approximate", ValueSpec.Constant(double.NaN, "none", null));
            if (v is null) return null;
            if (v.Text is not ("none" or "tanh"))
            {
                context.Report(DiagnosticDescriptors.NonConstantArgument, v.Location, context.Label, "approximate", v.Text + " (expected \"none\" or \"tanh\")");
                return null;
            }

            return new NodeAttributes(EquatableArray<SymDim>.Empty, EquatableArray<double>.Empty, v.Text);
        }

        public override string Forward(GraphNode node, IReadOnlyList<string> x, ScalarArguments scalars) =>
            node.Attributes.Text == "tanh" ? $"global::GraphGen.Compiled.ScalarMath.GeluTanh({x[0]})" : $"global::GraphGen.Compiled.ScalarMath.Gelu({x[0]})";

        public override string?[] Backward(GraphNode node, IReadOnlyList<string> x, string y, string g, ScalarArguments scalars) =>
            new[] { node.Attributes.Text == "tanh" ? $"{g} * global::GraphGen.Compiled.ScalarMath.GeluTanhDerivative({x[0]})" : $"{g} * global::GraphGen.Compiled.ScalarMath.GeluDerivative({x[0]})" };

        public override string Describe(GraphNode node) => node.Attributes.Text == "tanh" ? "GELU(tanh)" : "GELU";
    }
}
