using System.Collections.Generic;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Scalar;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// GELU, exact (erf) or tanh-approximated; the formula and its derivative live in
    /// GraphGen.Kernels.Cpu.ScalarMath, shared with the eager op's definition. Attributes: Text = "none" or "tanh".
    /// </summary>
    internal sealed class GeluOp : ElementwiseOp
    {
        public override string Name => "Gelu";

        public override OpForms Forms { get; } = OpForms.Activation("GELU", "Gelu");

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

        public override ScalarExpr Forward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarArguments scalars) =>
            ScalarExpr.Call(Tanh(node) ? MathFunction.GeluTanh : MathFunction.Gelu, x[0]);

        public override ScalarExpr?[] Backward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarExpr y, ScalarExpr g, ScalarArguments scalars) =>
            new[] { g * ScalarExpr.Call(Tanh(node) ? MathFunction.GeluTanhDerivative : MathFunction.GeluDerivative, x[0]) };

        public override bool LowerToOnnx(OnnxContext c) => c.Single("Gelu", OnnxContext.String("approximate", Tanh(c.Node) ? "tanh" : "none"));

        public override string Describe(GraphNode node) => Tanh(node) ? "GELU(tanh)" : "GELU";

        private static bool Tanh(GraphNode node) => node.Attributes.Text == "tanh";
    }
}
