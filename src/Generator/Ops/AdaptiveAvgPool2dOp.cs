using System.Collections.Generic;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// <c>AdaptiveAvgPool2d(outputSize)</c> and <c>F.AdaptiveAvgPool2d(x, outputSize)</c> over [N, C, H, W]: output (i, j)
    /// averages the input window rows ⌊i·H/OH⌋ to ⌈(i+1)·H/OH⌉ (and the same for columns); 1 is global average pooling.
    /// The compiler takes an int output size (a square grid). Attributes: Numbers = [outputSize].
    /// </summary>
    internal sealed class AdaptiveAvgPool2dOp : OpDefinition, IKernelOp
    {
        public override string Name => "AdaptiveAvgPool2d";

        public override OpForms Forms { get; } = new("AdaptiveAvgPool2d", "AdaptiveAvgPool2d");

        public override IReadOnlyList<string> ShapeArguments { get; } = new[] { "outputSize" };

        public override NodeAttributes? FromLayer(BuildContext context) => OutputSize(context);

        public override NodeAttributes? FromCall(BuildContext context) => OutputSize(context);

        private static NodeAttributes? OutputSize(BuildContext context)
        {
            var size = context.Arg("outputSize");
            if (size is null) return null;
            if (!size.IsInteger || size.Number < 1)
            {
                context.Report(DiagnosticDescriptors.NonConstantArgument, size.Location, context.Label, "outputSize", size.Text + " (the compiler takes a constant int of at least 1)");
                return null;
            }

            return NodeAttributes.WithNumbers(size.Number);
        }

        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs)
        {
            var input = inputs[0];
            if (input.Rank != 4)
            {
                context.Report(new CheckMessage(DiagnosticDescriptors.UnsupportedExpression, node.Label,
                    new object[] { "AdaptiveAvgPool2d takes [N, C, H, W] inputs but is fed ", input, " (View a [B, features] input to 4-D first)" }, DiagnosticDescriptors.AllowedInForward));
                return null;
            }

            var size = SymDim.Const((long)node.Attributes.Numbers[0]);
            return SymShape.Of(input[0], input[1], size, size);
        }

        public override bool WorksUnbatched(GraphNode node) => false;

        public override string Describe(GraphNode node) => $"AdaptiveAvgPool2d({ValueSpec.FormatNumber(node.Attributes.Numbers[0])})";

        /// <summary>GlobalAveragePool for an output of 1; AveragePool when the output size divides constant spatial sizes; else no ONNX form.</summary>
        public override bool LowerToOnnx(OnnxContext c)
        {
            long size = (long)c.Node.Attributes.Numbers[0];
            if (size == 1) return c.Single("GlobalAveragePool");
            var input = c.InputShapes[0];
            if (!input[2].IsConstant || !input[3].IsConstant || input[2].Coef % size != 0 || input[3].Coef % size != 0)
                return c.Unsupported($"AdaptiveAvgPool2d({size}) of {input} has uneven windows, which ONNX AveragePool cannot express");
            long kh = input[2].Coef / size, kw = input[3].Coef / size;
            return c.Single("AveragePool", $"global::GraphGen.Interop.OnnxAttribute.Ints(\"kernel_shape\", {kh}, {kw})", $"global::GraphGen.Interop.OnnxAttribute.Ints(\"strides\", {kh}, {kw})");
        }

        public IReadOnlyList<SavedBuffer> SavedBuffers(GraphNode node) => System.Array.Empty<SavedBuffer>();

        public IReadOnlyList<KernelValue> Values(GraphNode node) => System.Array.Empty<KernelValue>();

        public IEnumerable<KernelCall> Forward(KernelLowering c) => new[] { Call(c, "AvgForward", "each output cell: the mean of its input window") };

        public IEnumerable<KernelCall> Backward(KernelLowering c) =>
            new[] { Call(c, "AvgBackward", $"dx {(c.Accumulate(0) ? "+=" : "=")} each output cell's gradient spread evenly over its window", KernelArgument.Accumulate(c.Accumulate(0))) };

        private static KernelCall Call(KernelLowering c, string kernel, string comment, params KernelArgument[] extra)
        {
            var input = c.InputShapes[0];
            var size = c.Node.Shape[2];
            var arguments = new List<KernelArgument>
            {
                kernel == "AvgForward" ? KernelArgument.Input(0) : KernelArgument.OutputGradient,
                kernel == "AvgForward" ? KernelArgument.Output : KernelArgument.InputGradient(0),
                KernelArgument.Dim(input[0].Times(input[1])), KernelArgument.Dim(input[2]), KernelArgument.Dim(input[3]), KernelArgument.Dim(size), KernelArgument.Dim(size),
            };
            arguments.AddRange(extra);
            return new KernelCall("AdaptivePool", kernel, comment, arguments.ToArray());
        }
    }
}
