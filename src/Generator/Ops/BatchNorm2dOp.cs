namespace GraphGen.Generator.Ops
{
    /// <summary><c>BatchNorm2d(numFeatures)</c>: <see cref="BatchNorm1dOp"/> over [N, C, H, W] inputs.</summary>
    internal sealed class BatchNorm2dOp : BatchNorm1dOp
    {
        public override string Name => "BatchNorm2d";

        public override OpForms Forms { get; } = new("BatchNorm2d");

        protected override int[] Ranks { get; } = { 4 };

        protected override string RankText => "a 4-D input";
    }
}
