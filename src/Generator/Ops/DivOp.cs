namespace GraphGen.Generator.Ops
{
    /// <summary>a / b; gradients g / b and -g·a / b².</summary>
    internal sealed class DivOp : BinaryArithmeticOp
    {
        public override string Name => "Div";

        protected override string Apply(string a, string b) => $"{a} / {b}";

        protected override (string Da, string Db) Gradients(string a, string b, string y, string g) => ($"{g} / {b}", $"-{g} * {a} / ({b} * {b})");
    }
}
