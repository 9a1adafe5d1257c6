using System.Collections.Generic;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// <c>LayerNorm(normalizedShape)</c> over the last dim: per row, y = (x − mean)/√(var + eps)·weight + bias (weight and
    /// bias when elementwiseAffine). The kernel reads eps from the layer and saves each row's mean and 1/std for the
    /// backward. The compiler takes one trailing size (an int); a multi-dim normalized_shape runs eagerly.
    /// Attributes: Dims = [normalizedShape]; Text = the elementwiseAffine argument as written.
    /// </summary>
    internal sealed class LayerNormOp : OpDefinition, IKernelOp
    {
        private static readonly string[] s_parameters = { "Weight", "Bias" };
        private static readonly string[] s_dimensionArguments = { "normalizedShape" };

        public override string Name => "LayerNorm";

        public override OpForms Forms { get; } = new("LayerNorm");

        public override IReadOnlyList<string> ShapeArguments => s_dimensionArguments;

        public override IReadOnlyList<string> Parameters => s_parameters;

        public override bool PreservesShape => true;

        public override IEnumerable<(string Key, string Shape)> ParameterDocs(System.Func<string, string> argument)
        {
            if (argument("elementwiseAffine") == "false") yield break;
            yield return ("weight", $"[{argument("normalizedShape")}]");
            if (argument("bias") != "false") yield return ("bias", $"[{argument("normalizedShape")}]");
        }

        public override NodeAttributes? FromLayer(BuildContext context)
        {
            var shape = context.Arg("normalizedShape");
            if (shape is null) return null;
            var dim = context.Dim(shape);
            if (dim is null) return null; // GG0005 was reported by the parser
            return new NodeAttributes(new EquatableArray<SymDim>(new[] { dim }), EquatableArray<double>.Empty, context.Arg("elementwiseAffine")?.Text ?? "true");
        }

        /// <summary>GG0121: the input's last dim must be the normalized size.</summary>
        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs)
        {
            var input = inputs[0];
            var features = node.Attributes.Dims[0];
            var message = new CheckMessage(DiagnosticDescriptors.LayerNormShapeMismatch, node.Label, new object[] { "[", features, "]" }, context.Origin(node.Inputs[0]).Label, input);
            if (input.Rank == 0)
            {
                context.Report(message);
                return null;
            }

            return context.RequireEqual(features, input.Last, message) ? input : null;
        }

        public override bool ReadsLayer(GraphNode node) => true;

        public override string Describe(GraphNode node) =>
            $"LayerNorm({node.Attributes.Dims[0]}{(node.Attributes.Text == "true" ? "" : ", elementwiseAffine: " + node.Attributes.Text)})";

        /// <summary>
        /// ONNX LayerNormalization (opset 17+) over the last axis; Scale is a required input there, so a LayerNorm without
        /// elementwise affine parameters is written out: (x − mean)/√(mean of squared deviations + eps).
        /// </summary>
        public override bool LowerToOnnx(OnnxContext c)
        {
            string eps = c.FloatOf("epsilon", EquatableArray<double>.Empty, "Eps");
            if (c.Node.Attributes.Text == "true")
            {
                c.Add("LayerNormalization", new[] { c.X[0], c.Parameter("weight"), c.OptionalParameter("bias") }, c.Y, OnnxContext.Int("axis", -1), eps);
                return true;
            }

            if (c.Node.Attributes.Text != "false")
                return c.Unsupported($"LayerNorm with elementwiseAffine: {c.Node.Attributes.Text} (not a constant) has no single ONNX form");
            string axes = c.IntsConstant("axes", -1);
            string mean = c.Add("ReduceMean", new[] { c.X[0], axes }, c.Temp("mean"), OnnxContext.Int("keepdims", 1));
            string centered = c.Add("Sub", new[] { c.X[0], mean }, c.Temp("centered"));
            string squared = c.Add("Mul", new[] { centered, centered }, c.Temp("squared"));
            string variance = c.Add("ReduceMean", new[] { squared, axes }, c.Temp("var"), OnnxContext.Int("keepdims", 1));
            string epsilon = c.Add("Constant", System.Array.Empty<string>(), c.Temp("eps"), c.FloatOf("value_float", EquatableArray<double>.Empty, "Eps"));
            string std = c.Add("Sqrt", new[] { c.Add("Add", new[] { variance, epsilon }, c.Temp("var_eps")) }, c.Temp("std"));
            c.Add("Div", new[] { centered, std }, c.Y);
            return true;
        }

        public IReadOnlyList<SavedBuffer> SavedBuffers(GraphNode node)
        {
            var rows = KernelLowering.Rows(node.Shape);
            return new[] { new SavedBuffer("mean", rows), new SavedBuffer("rstd", rows) };
        }

        public IReadOnlyList<KernelValue> Values(GraphNode node) => new[] { new KernelValue("double", "eps", "{layer}.Eps") };

        public IEnumerable<KernelCall> Forward(KernelLowering c)
        {
            var features = c.InputShapes[0].Last;
            yield return new KernelCall("Norm", "LayerNormForward", $"each row of {features}: (x − mean)/√(var + eps)·weight + bias",
                KernelArgument.Input(0), KernelArgument.Output, KernelArgument.Saved("mean"), KernelArgument.Saved("rstd"), KernelArgument.Dim(features),
                KernelArgument.Parameter("Weight"), KernelArgument.Parameter("Bias"), KernelArgument.Value("eps"));
        }

        public IEnumerable<KernelCall> Backward(KernelLowering c)
        {
            var features = c.InputShapes[0].Last;
            yield return new KernelCall("Norm", "LayerNormBackward", $"dx {(c.Accumulate(0) ? "+=" : "=")} through each row's statistics; dweight (+)= Σ dy·x̂, dbias (+)= Σ dy",
                KernelArgument.OutputGradient, KernelArgument.Input(0), KernelArgument.InputGradient(0), KernelArgument.Saved("mean"), KernelArgument.Saved("rstd"),
                KernelArgument.Dim(features), KernelArgument.Parameter("Weight"), KernelArgument.ParameterGradient("Weight"), KernelArgument.ParameterGradient("Bias"),
                KernelArgument.Accumulate(c.Accumulate(0)));
        }
    }
}
