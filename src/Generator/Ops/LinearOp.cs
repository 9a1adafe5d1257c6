using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// <c>Linear(in, out)</c>: y = x Wᵀ + b over the last dimension. Attributes: Dims = [in, out], Text = the
    /// bias argument as written. Forward is one GEMM with the bias and (when fused) the activation in its
    /// epilogue; backward is dW = dyᵀx, db = Σ rows of dy, dx = dy W.
    /// </summary>
    internal sealed class LinearOp : OpDefinition, IKernelOp
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
                ? new CheckMessage(DiagnosticDescriptors.FlattenFeatureMismatch, node.Label, inFeatures, origin.Op, origin.Label, Merged(context, origin, input))
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
        /// The features a Flatten gives, as the product of the dims it merged with its value: <c>16·5·5 = 400</c> (a runtime check
        /// prints each with its actual size); a View's, or a single dim, just the size.
        /// </summary>
        private static object Merged(ShapeContext context, GraphNode flatten, SymShape input)
        {
            var features = input.Rank == 0 ? SymDim.Const(1) : input.Last;
            if (flatten.Op != "Flatten" || input.Rank == 0) return features;
            var before = context.Resolve(context.Node(flatten.Inputs[0]).Shape);
            int merged = before.Rank - input.Rank + 1, start = before.Rank - merged;
            if (merged < 2 || !SymDim.Product(before.Dims.Skip(start)).Equals(features)) return features;
            var pieces = new List<object>();
            for (int d = start; d < before.Rank; d++)
            {
                if (d > start) pieces.Add("·");
                pieces.Add(before[d]);
            }

            pieces.Add(" = ");
            pieces.Add(features);
            return pieces.ToArray();
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

        public IReadOnlyList<SavedBuffer> SavedBuffers(GraphNode node) => System.Array.Empty<SavedBuffer>();

        public IReadOnlyList<KernelValue> Values(GraphNode node) => System.Array.Empty<KernelValue>();

        /// <summary>
        /// One GEMM: <c>y = act(x Wᵀ + b)</c>, the bias and the activation applied in its epilogue; or, when both widths are
        /// build-time constants no larger than <see cref="SmallWidthLimit"/>, the SmallLinear kernel specialised to them.
        /// </summary>
        public IEnumerable<KernelCall> Forward(KernelLowering c)
        {
            var (rows, k, n) = Sizes(c);
            string activation = GemmEpilogue.Activation(c) ?? "None";
            string formula = activation == "None" ? $"x[{rows}, {k}] · Wᵀ + b" : $"{activation.ToLowerInvariant()}(x[{rows}, {k}] · Wᵀ + b)";
            bool small = IsSmall(k, n);
            yield return new KernelCall(small ? SmallFamily : Family, "Forward",
                $"y[{rows}, {n}] = {formula}: {(small ? "a row at a time in registers, no GEMM" : "one GEMM, epilogue fused")}",
                KernelArgument.Input(0), KernelArgument.Output, KernelArgument.Dim(rows), KernelArgument.Dim(k), KernelArgument.Dim(n),
                KernelArgument.Parameter("Weight"), KernelArgument.Parameter("Bias"), GemmEpilogue.Argument(activation));
        }

        /// <summary>
        /// The analytic backward. A fused activation (e.g. ReLU) first turns dy, the gradient of the activation's output,
        /// into the pre-activation gradient, in place; then dW = dyᵀ·x, db = Σ rows of dy, dx (+)= dy·W. A small layer
        /// does all four in one SmallLinear call (the activation's gradient, then one pass over the rows).
        /// </summary>
        public IEnumerable<KernelCall> Backward(KernelLowering c)
        {
            var (rows, k, n) = Sizes(c);
            string? activation = GemmEpilogue.Activation(c);
            if (IsSmall(k, n))
            {
                yield return new KernelCall(SmallFamily, "Backward",
                    $"{(activation is null ? "" : $"dy becomes dy · {activation}' in place, then ")}one pass over the rows: dW (+)= dyᵀ · x [{n}, {k}], db (+)= Σ rows of dy [{n}], dx {(c.Accumulate(0) ? "+=" : "=")} dy · W [{rows}, {k}]",
                    KernelArgument.Input(0), KernelArgument.Output, KernelArgument.OutputGradient, KernelArgument.InputGradient(0),
                    KernelArgument.Dim(rows), KernelArgument.Dim(k), KernelArgument.Dim(n), KernelArgument.Parameter("Weight"),
                    KernelArgument.ParameterGradient("Weight"), KernelArgument.ParameterGradient("Bias"), GemmEpilogue.Argument(activation ?? "None"),
                    KernelArgument.Accumulate(c.Accumulate(0)));
                yield break;
            }

            if (activation is not null)
                yield return new KernelCall(Family, "ActivationGradient", $"dy becomes the gradient before the fused {activation}, in place (it needs only y)",
                    KernelArgument.Output, KernelArgument.OutputGradient, GemmEpilogue.Argument(activation));
            yield return new KernelCall(Family, "WeightGradient", $"weight: dW (+)= dyᵀ · x   [{n}, {k}]",
                KernelArgument.OutputGradient, KernelArgument.Input(0), KernelArgument.Dim(rows), KernelArgument.Dim(k), KernelArgument.Dim(n), KernelArgument.ParameterGradient("Weight"));
            yield return new KernelCall(Family, "BiasGradient", $"bias: db (+)= sum of dy's rows   [{n}]",
                KernelArgument.OutputGradient, KernelArgument.Dim(rows), KernelArgument.Dim(n), KernelArgument.ParameterGradient("Bias"));
            yield return new KernelCall(Family, "InputGradient", $"input: dx {(c.Accumulate(0) ? "+=" : "=")} dy · W   [{rows}, {k}]",
                KernelArgument.OutputGradient, KernelArgument.InputGradient(0), KernelArgument.Dim(rows), KernelArgument.Dim(k), KernelArgument.Dim(n),
                KernelArgument.Parameter("Weight"), KernelArgument.Accumulate(c.Accumulate(0)));
        }

        /// <summary>
        /// The largest in·out a Linear gets the SmallLinear kernels for, chosen by measurement (bench/StepProfile --small,
        /// 1 thread, batches 1, 32 and 256): they beat the GEMM's forward and backward for 2x5, 5x20 and 20x3 (up to 3.5x on
        /// the backward), while from 16x16 (256) on the GEMM's register-blocked forward wins. The widths must also fit the
        /// kernels' stack buffers (SmallLinearKernels.MaxWidth, 64).
        /// </summary>
        internal const int SmallWeightLimit = 128;

        private const int SmallWidthLimit = 64;

        /// <summary>Whether a layer of these widths gets the SmallLinear kernels: both known at build time and small.</summary>
        internal static bool IsSmall(SymDim inFeatures, SymDim outFeatures) =>
            inFeatures.IsConstant && outFeatures.IsConstant
            && inFeatures.Coef is >= 1 and <= SmallWidthLimit && outFeatures.Coef is >= 1 and <= SmallWidthLimit
            && inFeatures.Coef * outFeatures.Coef <= SmallWeightLimit;

        private const string Family = "Linear";

        private const string SmallFamily = "SmallLinear";

        private static (SymDim Rows, SymDim K, SymDim N) Sizes(KernelLowering c) =>
            (KernelLowering.Rows(c.InputShapes[0]), c.Node.Attributes.Dims[0], c.Node.Attributes.Dims[1]);
    }
}
