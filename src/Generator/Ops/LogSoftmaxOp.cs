namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// LogSoftmax along a dim: y = x - max - log Σ e^(x - max); backward dx = dy - e^y·Σ dy. Dim handling and
    /// the range check (GG0103) are Softmax's.
    /// </summary>
    internal sealed class LogSoftmaxOp : SoftmaxOp
    {
        public override string Name => "LogSoftmax";

        public override OpForms Forms { get; } = OpForms.Activation("LogSoftmax", "LogSoftmax");

        protected override string Kernel => "LogSoftmax";
    }
}
