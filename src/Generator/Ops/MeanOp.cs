namespace GraphGen.Generator.Ops
{
    /// <summary>Mean: <see cref="SumOp"/> scaled by 1/n, the number of elements reduced.</summary>
    internal sealed class MeanOp : SumOp
    {
        public override string Name => "Mean";

        public override OpForms Forms { get; } = new(methods: new[] { "Mean" });

        protected override bool IsMean => true;
    }
}
