namespace GraphGen.Generator.Ops
{
    /// <summary><c>Conv2d(in, out, kernelSize, stride, padding, dilation, groups, bias)</c> over [B, C, H, W]: see <see cref="ConvolutionOp"/>.</summary>
    internal sealed class Conv2dOp : ConvolutionOp
    {
        public override string Name => "Conv2d";

        public override OpForms Forms { get; } = new("Conv2d");

        protected override int Rank => 4;
    }
}
