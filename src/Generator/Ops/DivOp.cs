using GraphGen.Generator.Graph.Scalar;
namespace GraphGen.Generator.Ops
{
    /// <summary>a / b; gradients g / b and -g·a / b².</summary>
    internal sealed class DivOp : BinaryArithmeticOp
    {
        public override string Name => "Div";

        public override OpForms Forms { get; } = new(op: "/");

        protected override ScalarExpr Apply(ScalarExpr a, ScalarExpr b) => a / b;

        protected override (ScalarExpr Da, ScalarExpr Db) Gradients(ScalarExpr a, ScalarExpr b, ScalarExpr y, ScalarExpr g) => (g / b, -g * a / (b * b));
    }
}
