using System.Collections.Generic;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Emit;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// Dropout: while training, each element is zeroed with probability p and the rest scaled by 1/(1-p);
    /// otherwise the identity. The kernel records the scale per element in a mask (1 when not training),
    /// so backward is dx = dy·mask either way. A layer's p and Training are read at run time; F.Dropout's
    /// p must be a constant and its training flag the module's <c>Training</c> or a constant.
    /// Attributes: Numbers = [p] when constant; Text = "layer", "Training", "true" or "false".
    /// </summary>
    internal sealed class DropoutOp : OpDefinition, ICpuKernelOp, IGpuKernelOp
    {
        private static readonly string[] s_mask = { "mask" };

        public override string Name => "Dropout";

        public override OpForms Forms { get; } = OpForms.Activation("Dropout", "Dropout");

        public override bool PreservesShape => true;

        /// <summary>GG0006: a literal p must lie in [0, 1].</summary>
        public override IEnumerable<DiagnosticInfo> CheckLayer(LayerSpec layer)
        {
            if (layer.Arg("p") is { IsNumber: true } p && (p.Number < 0 || p.Number > 1))
                yield return DiagnosticInfo.Create(DiagnosticDescriptors.DropoutProbabilityOutOfRange, p.Location, layer.Path, p.Text);
        }

        public override NodeAttributes? FromLayer(BuildContext context)
        {
            var p = context.Arg("p");
            var numbers = p is { IsNumber: true } ? new EquatableArray<double>(new[] { p.Number }) : EquatableArray<double>.Empty;
            return new NodeAttributes(EquatableArray<SymDim>.Empty, numbers, "layer");
        }

        public override NodeAttributes? FromCall(BuildContext context)
        {
            var p = context.Constant("p", ValueSpec.Constant(0.5, "0.5", null));
            if (p is null) return null;
            if (p.Number < 0 || p.Number > 1)
            {
                context.Report(DiagnosticDescriptors.DropoutProbabilityOutOfRange, p.Location, context.Label, p.Text);
                return null;
            }

            string training;
            var t = context.Arg("training");
            if (t is null) training = "true";
            else if (t.Kind == ValueKind.Parameter && t.Text == "Training") training = "Training";
            else if (t.IsBool) training = t.Text;
            else
            {
                context.Report(DiagnosticDescriptors.NonConstantArgument, t.Location, context.Label, "training", t.Text + " (use the module's Training, or a constant)");
                return null;
            }

            if (context.Arg("generator") is { Text: not "null" } generator)
            {
                context.Report(DiagnosticDescriptors.NonConstantArgument, generator.Location, context.Label, "generator", generator.Text + " (compiled dropout draws from RandomGenerator.Default; omit it)");
                return null;
            }

            return new NodeAttributes(EquatableArray<SymDim>.Empty, new EquatableArray<double>(new[] { p.Number }), training);
        }

        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs) => inputs[0];

        public override bool ReadsLayer(GraphNode node) => node.Attributes.Text == "layer";

        /// <summary>Eval semantics: no node, the input passes through; a dropout that drops even in eval mode has no ONNX form.</summary>
        public override bool LowerToOnnx(OnnxContext c) =>
            c.Node.Attributes.Text != "true" || c.Unsupported("F.Dropout with training: true drops even in eval mode, which an inference graph cannot express");

        public override string Describe(GraphNode node)
        {
            string p = node.Attributes.Numbers.Count == 1 ? ValueSpec.FormatNumber(node.Attributes.Numbers[0]) : "p";
            return node.Attributes.Text switch
            {
                "layer" => $"Dropout({p}), while training",
                "Training" => $"Dropout({p}), while training",
                "true" => $"Dropout({p}), always",
                _ => $"Dropout({p}), never (training: false)",
            };
        }

        public IReadOnlyList<string> SavedBuffers(GraphNode node) => s_mask;

        public IReadOnlyList<KernelArgument> Arguments(GraphNode node)
        {
            string p = node.Attributes.Text == "layer" ? "{layer}.P" : ValueSpec.FormatNumber(node.Attributes.Numbers[0]);
            string training = node.Attributes.Text switch
            {
                "layer" => "{layer}.Training",
                "Training" => "{self}.Training",
                _ => node.Attributes.Text,
            };
            return new[] { new KernelArgument("double", "p", p), new KernelArgument("bool", "training", training) };
        }

        public void EmitCpuForward(CpuOpContext c)
        {
            c.W.Line("// training: y = x·mask, mask = 0 with probability p, else 1/(1-p) (the eager op's draws); otherwise y = x, mask = 1");
            c.W.Line("global::GraphGen.Compiled.DropoutKernels.Forward(x, y, mask, p, training, global::GraphGen.RandomGenerator.Default);");
        }

        public void EmitCpuBackward(CpuOpContext c)
        {
            c.W.Line($"// dx {(c.Accumulate(0) ? "+=" : "=")} dy·mask");
            c.W.Line($"global::GraphGen.Compiled.DropoutKernels.Backward(dy, mask, dx, accumulate: {CpuOpContext.Bool(c.Accumulate(0))});");
        }

        /// <summary>The mask is drawn on the host from the CPU backend's generator, so both backends drop the same elements.</summary>
        public string GpuForward(GpuOpContext c)
        {
            var args = Arguments(c.Node);
            return $"global::GraphGen.Compiled.Gpu.GpuOps.Dropout(ws, {c.X[0]}, {c.Y}, {c.Mask}, {c.Scalar(args[0].Expression)}, {c.Scalar(args[1].Expression)}, global::GraphGen.RandomGenerator.Default);";
        }

        public string GpuBackward(GpuOpContext c) =>
            $"global::GraphGen.Compiled.Gpu.GpuOps.DropoutBackward(ws, {c.Dy}, {c.Mask}, {c.Dx}, accumulate: {CpuOpContext.Bool(c.Accumulate)});";
    }
}
