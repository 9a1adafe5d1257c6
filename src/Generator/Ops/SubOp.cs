using GraphGen.Generator.Graph.Scalar;
namespace GraphGen.Generator.Ops
{
    /// <summary>a - b; gradients g and -g.</summary>
    internal sealed class SubOp : BinaryArithmeticOp
    {
        public override string Name => "Sub";

        public override OpForms Forms { get; } = new(op: "-");

        protected override ScalarExpr Apply(ScalarExpr a, ScalarExpr b) => a - b;

        protected override (ScalarExpr Da, ScalarExpr Db) Gradients(ScalarExpr a, ScalarExpr b, ScalarExpr y, ScalarExpr g) => (g, -g);
    }
}
