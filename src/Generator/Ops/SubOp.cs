namespace GraphGen.Generator.Ops
{
    /// <summary>a - b; gradients g and -g.</summary>
    internal sealed class SubOp : BinaryArithmeticOp
    {
        public override string Name => "Sub";

        protected override string Apply(string a, string b) => $"{a} - {b}";

        protected override (string Da, string Db) Gradients(string a, string b, string y, string g) => (g, "-" + g);
    }
}
