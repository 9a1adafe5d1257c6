namespace GraphGen.Generator.Ops
{
    /// <summary>a · b; gradients g·b and g·a.</summary>
    internal sealed class MulOp : BinaryArithmeticOp
    {
        public override string Name => "Mul";

        protected override string Apply(string a, string b) => $"{a} * {b}";

        protected override (string Da, string Db) Gradients(string a, string b, string y, string g) => ($"{g} * {b}", $"{g} * {a}");
    }
}
