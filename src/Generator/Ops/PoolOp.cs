using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// What MaxPool2d and AvgPool2d share: the arguments (kernel, stride defaulting to the kernel, padding, ceil mode), the
    /// shape rule over [B, C, H, W] with its empty-output check, the sizes the Pool family's kernels take
    /// (<c>Kernels/Cpu/PoolKernels.cs</c>) and ONNX's attributes. Attributes: Numbers = the <see cref="SpatialWindow"/>, then
    /// ceil mode and count_include_pad (1 or 0).
    /// </summary>
    internal abstract class PoolOp : OpDefinition, IKernelOp
    {
        private static readonly string[] s_shapeArguments = { "kernelSize", "stride", "padding", "dilation", "ceilMode" };

        public override IReadOnlyList<string> ShapeArguments => s_shapeArguments;

        /// <summary>Leading dims beyond the batch are not a pool's: PyTorch takes [B, C, H, W] or [C, H, W] only.</summary>
        public override bool WorksOnLeadingDims(GraphNode node) => false;

        public override NodeAttributes? FromLayer(BuildContext context)
        {
            var kernel = SpatialWindow.Pair(context, "kernelSize", (1, 1));
            if (kernel is null) return null;
            var stride = SpatialWindow.Pair(context, "stride", kernel.Value);
            var padding = SpatialWindow.Pair(context, "padding", (0, 0));
            var dilation = SpatialWindow.Pair(context, "dilation", (1, 1));
            var ceil = context.Constant("ceilMode", ValueSpec.Constant(0, "false", null));
            var countIncludePad = context.Constant("countIncludePad", ValueSpec.Constant(1, "true", null));
            if (stride is null || padding is null || dilation is null || ceil is null || countIncludePad is null) return null;
            var window = new SpatialWindow(kernel.Value.H, kernel.Value.W, stride.Value.H, stride.Value.W, padding.Value.H, padding.Value.W,
                dilation.Value.H, dilation.Value.W, false);
            return new NodeAttributes(EquatableArray<SymDim>.Empty, window.Numbers.Concat(new[] { ceil.Number, countIncludePad.Number }).ToEquatableArray(), "");
        }

        public override NodeAttributes? FromCall(BuildContext context) => FromLayer(context);

        protected static bool CeilMode(GraphNode node) => node.Attributes.Numbers[SpatialWindow.Count] != 0;

        protected static bool CountIncludePad(GraphNode node) => node.Attributes.Numbers[SpatialWindow.Count + 1] != 0;

        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs)
        {
            if (SpatialWindow.Input(context, node, inputs[0], 4, Name) is not { } input) return null;
            var w = SpatialWindow.From(node.Attributes);
            bool ceil = CeilMode(node);
            var outH = context.Window(input[2], w.KernelH, w.StrideH, w.PadH, w.DilationH, ceil);
            var outW = context.Window(input[3], w.KernelW, w.StrideW, w.PadW, w.DilationW, ceil);
            var empty = new CheckMessage(DiagnosticDescriptors.EmptySpatialOutput, Name, node.Label, SpatialWindow.Text(w.KernelH, w.KernelW),
                SpatialWindow.Text(w.StrideH, w.StrideW), SpatialWindow.Text(w.PadH, w.PadW), input, new object[] { outH, "x", outW });
            if (!context.RequireAtLeast(outH, 1, empty) || !context.RequireAtLeast(outW, 1, empty)) return null;
            return SymShape.Of(input[0], input[1], outH, outW);
        }

        public IReadOnlyList<KernelValue> Values(GraphNode node) => System.Array.Empty<KernelValue>();

        public abstract IReadOnlyList<SavedBuffer> SavedBuffers(GraphNode node);

        public abstract IEnumerable<KernelCall> Forward(KernelLowering c);

        public abstract IEnumerable<KernelCall> Backward(KernelLowering c);

        protected const string Family = "Pool";

        /// <summary>The sizes in Pool2dGeometry's order: planes (B·C), input H, W, kernel, stride, padding (and dilation), output H, W.</summary>
        protected static IEnumerable<KernelArgument> Geometry(KernelLowering c, bool dilation)
        {
            var input = c.InputShapes[0];
            var output = c.Node.Shape;
            var w = SpatialWindow.From(c.Node.Attributes);
            foreach (var d in new[] { input[0].Times(input[1]), input[2], input[3] }) yield return KernelArgument.Dim(d);
            var window = new List<long> { w.KernelH, w.KernelW, w.StrideH, w.StrideW, w.PadH, w.PadW };
            if (dilation) window.AddRange(new[] { w.DilationH, w.DilationW });
            foreach (long n in window) yield return KernelArgument.Dim(SymDim.Const(n));
            yield return KernelArgument.Dim(output[2]);
            yield return KernelArgument.Dim(output[3]);
        }

        /// <summary>ONNX's attributes for the window: kernel_shape, strides, pads [top, left, bottom, right], ceil_mode.</summary>
        protected static List<string> OnnxWindow(GraphNode node)
        {
            var w = SpatialWindow.From(node.Attributes);
            return new List<string>
            {
                OnnxContext.Ints("kernel_shape", w.KernelH, w.KernelW), OnnxContext.Ints("strides", w.StrideH, w.StrideW), OnnxContext.Ints("pads", w.PadH, w.PadW, w.PadH, w.PadW),
                OnnxContext.Int("ceil_mode", CeilMode(node) ? 1 : 0),
            };
        }

        protected string DescribeWindow(GraphNode node)
        {
            var w = SpatialWindow.From(node.Attributes);
            return $"{Name}(kernel {SpatialWindow.Text(w.KernelH, w.KernelW)}, stride {SpatialWindow.Text(w.StrideH, w.StrideW)}"
                + (w.PadH != 0 || w.PadW != 0 ? $", padding {SpatialWindow.Text(w.PadH, w.PadW)}" : "")
                + (w.DilationH != 1 || w.DilationW != 1 ? $", dilation {SpatialWindow.Text(w.DilationH, w.DilationW)}" : "")
                + (CeilMode(node) ? ", ceil mode" : "");
        }
    }
}
