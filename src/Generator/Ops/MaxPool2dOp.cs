using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// <c>MaxPool2d(kernelSize, stride, padding, dilation, ceilMode)</c> and <c>F.MaxPool2d</c>: each window's maximum; the forward
    /// saves where it was (<c>indices</c>) and the backward scatters dy there. See <see cref="PoolOp"/>.
    /// </summary>
    internal sealed class MaxPool2dOp : PoolOp
    {
        private static readonly SavedBuffer[] s_indices = { new("indices") };

        public override string Name => "MaxPool2d";

        public override OpForms Forms { get; } = new("MaxPool2d", "MaxPool2d");

        public override IReadOnlyList<SavedBuffer> SavedBuffers(GraphNode node) => s_indices;

        public override IEnumerable<KernelCall> Forward(KernelLowering c)
        {
            yield return new KernelCall(Family, "MaxForward", $"y{c.Node.Shape} = the maximum of each window of x{c.InputShapes[0]}; indices remember where",
                new[] { KernelArgument.Input(0), KernelArgument.Output, KernelArgument.Saved("indices") }.Concat(Geometry(c, dilation: true)).ToArray());
        }

        public override IEnumerable<KernelCall> Backward(KernelLowering c)
        {
            yield return new KernelCall(Family, "MaxBackward", $"input: dx {(c.Accumulate(0) ? "+=" : "=")} dy scattered to each window's maximum",
                new[] { KernelArgument.OutputGradient, KernelArgument.Saved("indices"), KernelArgument.InputGradient(0) }.Concat(Geometry(c, dilation: true))
                    .Append(KernelArgument.Accumulate(c.Accumulate(0))).ToArray());
        }

        public override bool LowerToOnnx(OnnxContext c)
        {
            var w = SpatialWindow.From(c.Node.Attributes);
            var attributes = OnnxWindow(c.Node);
            attributes.Add(OnnxContext.Ints("dilations", w.DilationH, w.DilationW));
            return c.Single("MaxPool", attributes.ToArray());
        }

        public override string Describe(GraphNode node) => DescribeWindow(node) + ")";
    }
}
