using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// What Conv2d and Conv1d share (PyTorch's <c>_ConvNd</c>): the layer's arguments, the shape rule with its checks, the
    /// lowering to the Conv family's kernels (<c>Kernels/Cpu/ConvKernels.cs</c>: im2col + GEMM, bias pre-loaded, a following
    /// activation applied per sample in the same call) and the analytic backward. Attributes: Dims = [in_channels,
    /// out_channels]; Numbers = the <see cref="SpatialWindow"/>, then groups; Text = the bias argument as written.
    /// </summary>
    internal abstract class ConvolutionOp : OpDefinition, IKernelOp
    {
        private static readonly string[] s_parameters = { "Weight", "Bias" };
        private static readonly string[] s_dimensionMembers = { "InChannels", "OutChannels" };
        private static readonly string[] s_shapeArguments = { "inChannels", "outChannels", "kernelSize", "stride", "padding", "dilation", "groups" };

        /// <summary>The input's rank: 4 ([B, C, H, W]) or 3 ([B, C, L]).</summary>
        protected abstract int Rank { get; }

        public override OpCategory Category => OpCategory.Gemm;

        public override IReadOnlyList<string> ShapeArguments => s_shapeArguments;

        public override IReadOnlyList<string> Parameters => s_parameters;

        public override IReadOnlyList<string> DimensionMembers => s_dimensionMembers;

        public override bool ReadsLayer(GraphNode node) => true;

        /// <summary>Leading dims beyond the batch are not a convolution's: PyTorch takes [B, C, ...] or the unbatched form only.</summary>
        public override bool WorksOnLeadingDims(GraphNode node) => false;

        public override IEnumerable<(string Key, string Shape)> ParameterDocs(System.Func<string, string> argument)
        {
            string kernel = argument("kernelSize"), groups = argument("groups");
            if (Rank == 4 && !kernel.Contains(",")) kernel = $"{kernel}, {kernel}";
            yield return ("weight", $"[{argument("outChannels")}, {argument("inChannels")}{(groups == "1" ? "" : "/" + groups)}, {kernel}]");
            if (argument("bias") != "false") yield return ("bias", $"[{argument("outChannels")}]");
        }

        /// <summary>GG0111: constant groups must divide constant in and out channels (the layer's constructor throws otherwise).</summary>
        public override IEnumerable<DiagnosticInfo> CheckLayer(LayerSpec layer)
        {
            if (layer.Arg("groups") is not { IsInteger: true } groups || groups.Number < 1) yield break;
            foreach (var name in new[] { "inChannels", "outChannels" })
                if (layer.Arg(name) is { IsInteger: true } channels && channels.Number % groups.Number != 0)
                {
                    yield return DiagnosticInfo.Create(DiagnosticDescriptors.ConvGroupsDoNotDivide, groups.Location ?? layer.Location, Name, layer.Path,
                        groups.Text, name == "inChannels" ? "in_channels" : "out_channels", channels.Text);
                    yield break;
                }
        }

        public override NodeAttributes? FromLayer(BuildContext context)
        {
            var inArg = context.Arg("inChannels");
            var outArg = context.Arg("outChannels");
            if (inArg is null || outArg is null) return null;
            var inDim = context.Dim(inArg);
            var outDim = context.Dim(outArg);
            if (inDim is null || outDim is null) return null; // GG0005 was reported by the parser
            var kernel = SpatialWindow.Pair(context, "kernelSize", (1, 1));
            var stride = SpatialWindow.Pair(context, "stride", (1, 1));
            var dilation = SpatialWindow.Pair(context, "dilation", (1, 1));
            var groups = context.Constant("groups", ValueSpec.Constant(1, "1", null));
            if (kernel is null || stride is null || dilation is null || groups is null) return null;
            bool same = false;
            (long, long)? padding;
            if (context.Arg("padding") is { IsConstant: true } mode && double.IsNaN(mode.Number) && mode.Text != "null")
            {
                same = mode.Text == "same";
                padding = (0, 0);
            }
            else padding = SpatialWindow.Pair(context, "padding", (0, 0));

            if (padding is null) return null;
            var window = Rank == 4
                ? new SpatialWindow(kernel.Value.H, kernel.Value.W, stride.Value.H, stride.Value.W, padding.Value.Item1, padding.Value.Item2, dilation.Value.H, dilation.Value.W, same)
                : new SpatialWindow(1, kernel.Value.W, 1, stride.Value.W, 0, padding.Value.Item2, 1, dilation.Value.W, same);
            string bias = context.Arg("bias")?.Text ?? "true";
            return new NodeAttributes(new EquatableArray<SymDim>(new[] { inDim, outDim }), window.Numbers.Append(groups.Number).ToEquatableArray(), bias);
        }

        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs)
        {
            if (SpatialWindow.Input(context, node, inputs[0], Rank, Name) is not { } input) return null;
            var w = SpatialWindow.From(node.Attributes);
            var inChannels = node.Attributes.Dims[0];
            var origin = context.Origin(node.Inputs[0]);
            if (!context.RequireEqual(inChannels, input[1], new CheckMessage(DiagnosticDescriptors.ConvChannelMismatch, Name, node.Label, inChannels, origin.Label, input)))
                return null;

            var (height, width) = Spatial(input);
            long dkH = w.DilationH * (w.KernelH - 1) + 1, dkW = w.DilationW * (w.KernelW - 1) + 1;
            if (!w.Same)
            {
                var tooLarge = new CheckMessage(DiagnosticDescriptors.KernelLargerThanInput, Name, node.Label, Pair(dkH, dkW),
                    Rank == 4 ? $"({w.PadH}, {w.PadW})" : w.PadW.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Pair(dkH - 2 * w.PadH, dkW - 2 * w.PadW), input);
                if (!context.RequireAtLeast(height, dkH - 2 * w.PadH, tooLarge) || !context.RequireAtLeast(width, dkW - 2 * w.PadW, tooLarge)) return null;
            }

            var outH = w.Same ? height : context.Window(height, w.KernelH, w.StrideH, w.PadH, w.DilationH, ceil: false);
            var outW = w.Same ? width : context.Window(width, w.KernelW, w.StrideW, w.PadW, w.DilationW, ceil: false);
            var dims = new List<SymDim> { input[0], node.Attributes.Dims[1] };
            if (Rank == 4) dims.Add(outH);
            dims.Add(outW);
            return new SymShape(dims.ToEquatableArray());
        }

        /// <summary>The spatial sizes as (height, width): a 1-D input is height 1.</summary>
        private (SymDim H, SymDim W) Spatial(SymShape shape) => Rank == 4 ? (shape[2], shape[3]) : (SymDim.Const(1), shape[2]);

        private string Pair(long h, long w) => Rank == 4 ? SpatialWindow.Text(h, w) : w.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>ONNX's Conv (opset 20): the same attributes, pads [top, left, bottom, right].</summary>
        public override bool LowerToOnnx(OnnxContext c)
        {
            var w = SpatialWindow.From(c.Node.Attributes);
            long groups = (long)c.Node.Attributes.Numbers[SpatialWindow.Count];
            var attributes = new List<string>
            {
                Ints("kernel_shape", w.KernelH, w.KernelW), Ints("strides", w.StrideH, w.StrideW), Ints("dilations", w.DilationH, w.DilationW),
                OnnxContext.Int("group", groups),
            };
            // "same" as explicit pads (ONNX Runtime's SAME_UPPER refuses dilation): an odd total's extra zero after, as PyTorch.
            long bottom = w.Same ? w.DilationH * (w.KernelH - 1) - w.PadTop : w.PadH, right = w.Same ? w.DilationW * (w.KernelW - 1) - w.PadLeft : w.PadW;
            attributes.Add(Rank == 4 ? OnnxContext.Ints("pads", w.PadTop, w.PadLeft, bottom, right) : OnnxContext.Ints("pads", w.PadLeft, right));
            c.Add("Conv", new[] { c.X[0], c.Parameter("weight"), c.OptionalParameter("bias") }, c.Y, attributes.ToArray());
            return true;
        }

        private string Ints(string name, long h, long w) => Rank == 4 ? OnnxContext.Ints(name, h, w) : OnnxContext.Ints(name, w);

        public override string Describe(GraphNode node)
        {
            var w = SpatialWindow.From(node.Attributes);
            string padding = w.Same ? "same" : Pair(w.PadH, w.PadW);
            long groups = (long)node.Attributes.Numbers[SpatialWindow.Count];
            return $"{Name}({node.Attributes.Dims[0]} -> {node.Attributes.Dims[1]}, kernel {Pair(w.KernelH, w.KernelW)}, stride {Pair(w.StrideH, w.StrideW)}, padding {padding}"
                + (w.DilationH != 1 || w.DilationW != 1 ? $", dilation {Pair(w.DilationH, w.DilationW)}" : "")
                + (groups != 1 ? $", groups {groups}" : "") + (node.Attributes.Text == "true" ? "" : ", bias: " + node.Attributes.Text) + ")";
        }

        public IReadOnlyList<SavedBuffer> SavedBuffers(GraphNode node) => System.Array.Empty<SavedBuffer>();

        public IReadOnlyList<KernelValue> Values(GraphNode node) => System.Array.Empty<KernelValue>();

        /// <summary>One call: y = act(conv(x, W) + b), the bias pre-loaded into the GEMM's output and the activation applied per sample.</summary>
        public IEnumerable<KernelCall> Forward(KernelLowering c)
        {
            string activation = GemmEpilogue.Activation(c) ?? "None";
            string formula = $"conv(x{c.InputShapes[0]}, W) + b";
            if (activation != "None") formula = $"{activation.ToLowerInvariant()}({formula})";
            yield return new KernelCall(Family, "Forward", $"y{c.Kernel.First.Shape} = {formula}: im2col + GEMM per sample, bias and activation fused",
                new[] { KernelArgument.Input(0), KernelArgument.Output }.Concat(Geometry(c))
                    .Concat(new[] { KernelArgument.Parameter("Weight"), KernelArgument.Parameter("Bias"), GemmEpilogue.Argument(activation) }).ToArray());
        }

        /// <summary>
        /// The analytic backward: a fused activation first turns dy into the pre-activation gradient, in place (Linear's kernel);
        /// then dW (+)= Σ dY·columnsᵀ, db (+)= Σ dy per channel, dx (+)= col2im(Wᵀ·dY).
        /// </summary>
        public IEnumerable<KernelCall> Backward(KernelLowering c)
        {
            if (GemmEpilogue.Activation(c) is { } activation)
                yield return new KernelCall("Linear", "ActivationGradient", $"dy becomes the gradient before the fused {activation}, in place (it needs only y)",
                    KernelArgument.Output, KernelArgument.OutputGradient, GemmEpilogue.Argument(activation));
            var geometry = Geometry(c).ToArray();
            yield return new KernelCall(Family, "WeightGradient", "weight: dW (+)= Σ over samples of dY · columnsᵀ",
                new[] { KernelArgument.OutputGradient, KernelArgument.Input(0) }.Concat(geometry).Append(KernelArgument.ParameterGradient("Weight")).ToArray());
            yield return new KernelCall(Family, "BiasGradient", "bias: db (+)= Σ of dy over samples and positions, per channel",
                new[] { KernelArgument.OutputGradient }.Concat(geometry).Append(KernelArgument.ParameterGradient("Bias")).ToArray());
            yield return new KernelCall(Family, "InputGradient", $"input: dx {(c.Accumulate(0) ? "+=" : "=")} col2im(Wᵀ · dY)",
                new[] { KernelArgument.OutputGradient, KernelArgument.InputGradient(0) }.Concat(geometry)
                    .Concat(new[] { KernelArgument.Parameter("Weight"), KernelArgument.Accumulate(c.Accumulate(0)) }).ToArray());
        }

        private const string Family = "Conv";

        /// <summary>The sizes in Conv2dGeometry's order: batch, in channels, H, W, out channels, kernel, stride, padding, dilation, groups, output H, W.</summary>
        private IEnumerable<KernelArgument> Geometry(KernelLowering c)
        {
            var input = c.InputShapes[0];
            var output = c.Node.Shape;
            var w = SpatialWindow.From(c.Node.Attributes);
            var (height, width) = Spatial(input);
            var (outH, outW) = Spatial(output);
            foreach (var d in new[] { input[0], input[1], height, width, output[1] }) yield return KernelArgument.Dim(d);
            foreach (long n in new[] { w.KernelH, w.KernelW, w.StrideH, w.StrideW, w.PadTop, w.PadLeft, w.DilationH, w.DilationW, (long)c.Node.Attributes.Numbers[SpatialWindow.Count] })
                yield return KernelArgument.Dim(SymDim.Const(n));
            yield return KernelArgument.Dim(outH);
            yield return KernelArgument.Dim(outW);
        }
    }
}
