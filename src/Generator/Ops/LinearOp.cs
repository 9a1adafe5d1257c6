using System.Collections.Generic;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Emit;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// <c>Linear(in, out)</c>: y = x Wᵀ + b over the last dimension. Attributes: Dims = [in, out], Text = the
    /// bias argument as written. Forward is one GEMM with the bias and (when fused) the activation in its
    /// epilogue; backward is dW = dyᵀx, db = Σ rows of dy, dx = dy W.
    /// </summary>
    internal sealed class LinearOp : OpDefinition
    {
        private static readonly string[] s_parameters = { "Weight", "Bias" };
        private static readonly string[] s_dimensionMembers = { "InFeatures", "OutFeatures" };
        private static readonly string[] s_dimensionArguments = { "inFeatures", "outFeatures" };

        public override string Name => "Linear";

        public override OpForms Forms { get; } = new("Linear");
        
        public override IReadOnlyList<string> ShapeArguments => s_dimensionArguments;

        public override OpCategory Category => OpCategory.Gemm;

        public override IReadOnlyList<string> Parameters => s_parameters;

        public override IReadOnlyList<string> DimensionMembers => s_dimensionMembers;

        public override IEnumerable<(string Key, string Shape)> ParameterDocs(System.Func<string, string> argument)
        {
            yield return ("weight", $"[{argument("outFeatures")}, {argument("inFeatures")}]");
            if (argument("bias") != "false") yield return ("bias", $"[{argument("outFeatures")}]");
        }

        public override NodeAttributes? FromLayer(BuildContext context)
        {
            var inArg = context.Arg("inFeatures");
            var outArg = context.Arg("outFeatures");
            if (inArg is null || outArg is null) return null;
            var inDim = context.Dim(inArg);
            var outDim = context.Dim(outArg);
            if (inDim is null || outDim is null) return null; // GG0005 was reported by the parser
            string bias = context.Arg("bias")?.Text ?? "true";
            return new NodeAttributes(new EquatableArray<SymDim>(new[] { inDim, outDim }), EquatableArray<double>.Empty, bias);
        }

        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs)
        {
            var input = inputs[0];
            var inFeatures = node.Attributes.Dims[0];
            var origin = context.Origin(node.Inputs[0]);
            var message = origin.Op is "Flatten" or "View"
                ? new CheckMessage(DiagnosticDescriptors.FlattenFeatureMismatch, node.Label, inFeatures, origin.Op, origin.Label, input)
                : new CheckMessage(DiagnosticDescriptors.LinearFeatureMismatch, node.Label, inFeatures, origin.Label, input);
            if (input.Rank == 0)
            {
                context.Report(message);
                return null;
            }

            if (!context.RequireEqual(inFeatures, input.Last, message)) return null;
            return input.WithLast(node.Attributes.Dims[1]);
        }

        /// <summary>
        /// [B, in] inputs: one Gemm (y = x Wᵀ + b, the bias optional). Other ranks: MatMul by Wᵀ, then Add the bias
        /// unless the layer was built with bias: false.
        /// </summary>
        public override bool LowerToOnnx(OnnxContext c)
        {
            if (c.InputShapes[0].Rank == 2)
            {
                c.Add("Gemm", new[] { c.X[0], c.Parameter("weight"), c.OptionalParameter("bias") }, c.Y, OnnxContext.Int("transB", 1));
                return true;
            }

            string transposed = c.Add("Transpose", new[] { c.Parameter("weight") }, c.Temp("weight_t"));
            if (c.Node.Attributes.Text == "false")
            {
                c.Add("MatMul", new[] { c.X[0], transposed }, c.Y);
                return true;
            }

            c.Add("Add", new[] { c.Add("MatMul", new[] { c.X[0], transposed }, c.Temp("matmul")), c.Parameter("bias") }, c.Y);
            return true;
        }

        public override bool ReadsLayer(GraphNode node) => true;

        public override string Describe(GraphNode node) =>
            $"Linear({node.Attributes.Dims[0]} -> {node.Attributes.Dims[1]}{(node.Attributes.Text == "true" ? "" : ", bias: " + node.Attributes.Text)})";

        /// <summary>One GEMM: <c>y = act(x Wᵀ + b)</c>, the bias and the activation applied in its epilogue.</summary>
        public static void EmitCpuForward(CpuOpContext c, string activation)
        {
            var input = c.InputShapes[0];
            string rows = c.Rows(input), k = c.Dim(c.Node.Attributes.Dims[0]), n = c.Dim(c.Node.Attributes.Dims[1]);
            c.W.Line($"// y[{rows}, {n}] = {(activation == "None" ? "" : activation.ToLowerInvariant() + "(")}x[{rows}, {k}] · Wᵀ + b{(activation == "None" ? "" : ")")}: one GEMM, epilogue fused");
            c.W.Line($"global::GraphGen.Kernels.Cpu.Gemm.Sgemm(false, true, {rows}, {n}, {k},");
            c.W.Line($"    x, {k}, layer.Weight.AsSpan<float>(), {k},");
            c.W.Line($"    y, {n}, 0f, layer.Bias is {{ }} bias ? bias.AsSpan<float>() : default, global::GraphGen.Kernels.Cpu.Activation.{activation});");
        }

        /// <summary>
        /// The analytic backward. <paramref name="activationGradient"/> (e.g. <c>Relu</c>) first turns dy, the
        /// gradient of the activation's output, into the pre-activation gradient, in place.
        /// </summary>
        public static void EmitCpuBackward(CpuOpContext c, string? activationGradient)
        {
            var input = c.InputShapes[0];
            string rows = c.Rows(input), k = c.Dim(c.Node.Attributes.Dims[0]), n = c.Dim(c.Node.Attributes.Dims[1]);
            if (activationGradient is not null)
            {
                c.W.Line($"// dy becomes the gradient before the fused {activationGradient}, in place (it needs only y)");
                c.W.Line($"global::GraphGen.Compiled.ActivationGradients.{activationGradient}(y, dy);");
            }

            c.W.Line($"// weight: dW (+)= dyᵀ · x   [{n}, {k}]");
            c.W.Line("if (weight.IsWanted)");
            c.W.Line($"    global::GraphGen.Kernels.Cpu.Gemm.Sgemm(true, false, {n}, {k}, {rows}, dy, {n}, x, {k}, weight.Span, {k}, weight.Beta);");
            c.W.Line($"// bias: db (+)= sum of dy's rows   [{n}]");
            c.W.Line("if (bias.IsWanted)");
            c.W.Line($"    global::GraphGen.Compiled.LinearGradients.SumRows(dy, {rows}, {n}, bias.Span, bias.Beta);");
            c.W.Line($"// input: dx {(c.Accumulate(0) ? "+=" : "=")} dy · W   [{rows}, {k}]");
            c.W.Line("if (!dx.IsEmpty)");
            c.W.Line($"    global::GraphGen.Kernels.Cpu.Gemm.Sgemm(false, false, {rows}, {k}, {n}, dy, {n}, layer.Weight.AsSpan<float>(), {k}, dx, {k}, {(c.Accumulate(0) ? "1f" : "0f")});");
        }
    }
}
