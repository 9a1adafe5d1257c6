using System.Collections.Generic;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
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
    internal sealed class DropoutOp : OpDefinition, IKernelOp
    {
        private static readonly SavedBuffer[] s_mask = { new("mask") };

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

        public IReadOnlyList<SavedBuffer> SavedBuffers(GraphNode node) => s_mask;

        public IReadOnlyList<KernelValue> Values(GraphNode node)
        {
            string p = node.Attributes.Text == "layer" ? "{layer}.P" : ValueSpec.FormatNumber(node.Attributes.Numbers[0]);
            string training = node.Attributes.Text switch
            {
                "layer" => "{layer}.Training",
                "Training" => "{self}.Training",
                _ => node.Attributes.Text,
            };
            return new[] { new KernelValue("double", "p", p), new KernelValue("bool", "training", training) };
        }

        /// <summary>
        /// The mask is drawn on the host from the eager ops' generator, one draw per element in order, so every backend
        /// drops the same elements as the eager op from the same generator state.
        /// </summary>
        public IEnumerable<KernelCall> Forward(KernelLowering c)
        {
            yield return new KernelCall("Dropout", "Forward", "training: y = x·mask, mask = 0 with probability p, else 1/(1-p) (the eager op's draws); otherwise y = x, mask = 1",
                KernelArgument.Input(0), KernelArgument.Output, KernelArgument.Saved("mask"), KernelArgument.Value("p"), KernelArgument.Value("training"), KernelArgument.Generator);
        }

        public IEnumerable<KernelCall> Backward(KernelLowering c)
        {
            yield return new KernelCall("Dropout", "Backward", $"dx {(c.Accumulate(0) ? "+=" : "=")} dy·mask",
                KernelArgument.OutputGradient, KernelArgument.Saved("mask"), KernelArgument.InputGradient(0), KernelArgument.Accumulate(c.Accumulate(0)));
        }
    }
}
