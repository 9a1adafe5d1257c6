namespace GraphGen.Generator.Ops
{
    /// <summary><c>Conv1d(in, out, kernelSize, stride, padding, dilation, groups, bias)</c> over [B, C, L], run as a 2-D convolution of height 1: see <see cref="ConvolutionOp"/>.</summary>
    internal sealed class Conv1dOp : ConvolutionOp
    {
        public override string Name => "Conv1d";

        public override OpForms Forms { get; } = new("Conv1d");

        protected override int Rank => 3;
    }
}
