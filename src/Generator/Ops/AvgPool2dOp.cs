using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// <c>AvgPool2d(kernelSize, stride, padding, ceilMode, countIncludePad)</c> and <c>F.AvgPool2d</c>: each window's mean (padded
    /// zeros in the divisor with countIncludePad, PyTorch's default); the backward spreads dy evenly. See <see cref="PoolOp"/>.
    /// </summary>
    internal sealed class AvgPool2dOp : PoolOp
    {
        public override string Name => "AvgPool2d";

        public override OpForms Forms { get; } = new("AvgPool2d", "AvgPool2d");

        public override IReadOnlyList<SavedBuffer> SavedBuffers(GraphNode node) => System.Array.Empty<SavedBuffer>();

        public override IEnumerable<KernelCall> Forward(KernelLowering c)
        {
            yield return new KernelCall(Family, "AvgForward", $"y{c.Node.Shape} = the mean of each window of x{c.InputShapes[0]}",
                new[] { KernelArgument.Input(0), KernelArgument.Output }.Concat(Geometry(c, dilation: false))
                    .Append(KernelArgument.Bool(CountIncludePad(c.Node)).Named("countIncludePad")).ToArray());
        }

        public override IEnumerable<KernelCall> Backward(KernelLowering c)
        {
            yield return new KernelCall(Family, "AvgBackward", $"input: dx {(c.Accumulate(0) ? "+=" : "=")} each window's dy spread evenly over it",
                new[] { KernelArgument.OutputGradient, KernelArgument.InputGradient(0) }.Concat(Geometry(c, dilation: false))
                    .Concat(new[] { KernelArgument.Bool(CountIncludePad(c.Node)).Named("countIncludePad"), KernelArgument.Accumulate(c.Accumulate(0)) }).ToArray());
        }

        public override bool LowerToOnnx(OnnxContext c)
        {
            var attributes = OnnxWindow(c.Node);
            attributes.Add(OnnxContext.Int("count_include_pad", CountIncludePad(c.Node) ? 1 : 0));
            return c.Single("AveragePool", attributes.ToArray());
        }

        public override string Describe(GraphNode node) => DescribeWindow(node) + (CountIncludePad(node) ? "" : ", count_include_pad false") + ")";
    }
}
