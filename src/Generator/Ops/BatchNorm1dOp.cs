using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// <c>BatchNorm1d(numFeatures)</c> over [N, C] or [N, C, L] (<see cref="BatchNorm2dOp"/>: [N, C, H, W]): per channel,
    /// y = (x − mean)/√(var + eps)·weight + bias, with the batch's statistics while the layer trains (updating its running
    /// statistics and num_batches_tracked as the eager layer does) and the running ones in eval. The kernel reads eps,
    /// momentum and the training flag from the layer at run time and saves the statistics it used, so the backward goes
    /// through the batch statistics in training and is the per-channel affine map in eval.
    /// Attributes: Dims = [numFeatures]; Text = the affine argument as written.
    /// </summary>
    internal class BatchNorm1dOp : OpDefinition, IKernelOp, IActivationEpilogue
    {
        private static readonly string[] s_parameters = { "Weight", "Bias" };
        private static readonly string[] s_dimensionMembers = { "NumFeatures" };
        private static readonly string[] s_dimensionArguments = { "numFeatures" };

        public override string Name => "BatchNorm1d";

        public override OpForms Forms { get; } = new("BatchNorm1d");

        /// <summary>The input ranks the layer takes, and how a message says so.</summary>
        protected virtual int[] Ranks { get; } = { 2, 3 };

        protected virtual string RankText => "a 2-D or 3-D input";

        public override IReadOnlyList<string> ShapeArguments => s_dimensionArguments;

        public override IReadOnlyList<string> Parameters => s_parameters;

        public override IReadOnlyList<string> DimensionMembers => s_dimensionMembers;

        public override bool PreservesShape => true;

        public override IEnumerable<(string Key, string Shape)> ParameterDocs(System.Func<string, string> argument)
        {
            string c = $"[{argument("numFeatures")}]";
            if (argument("affine") != "false")
            {
                yield return ("weight", c);
                yield return ("bias", c);
            }

            if (argument("trackRunningStats") != "false")
            {
                yield return ("running_mean", c);
                yield return ("running_var", c);
                yield return ("num_batches_tracked", "[] (int64)");
            }
        }

        public override NodeAttributes? FromLayer(BuildContext context)
        {
            var features = context.Arg("numFeatures");
            if (features is null) return null;
            var dim = context.Dim(features);
            if (dim is null) return null; // GG0005 was reported by the parser
            return new NodeAttributes(new EquatableArray<SymDim>(new[] { dim }), EquatableArray<double>.Empty, context.Arg("affine")?.Text ?? "true");
        }

        /// <summary>GG0120: the input's rank must be one the layer takes and its dim 1 must hold num_features channels.</summary>
        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs)
        {
            var input = inputs[0];
            var features = node.Attributes.Dims[0];
            var message = new CheckMessage(DiagnosticDescriptors.NormFeatureMismatch, Name, node.Label, features, RankText, context.Origin(node.Inputs[0]).Label, input);
            if (!Ranks.Contains(input.Rank))
            {
                context.Report(message);
                return null;
            }

            return context.RequireEqual(features, input[1], message) ? input : null;
        }

        /// <summary>An unbatched input would put the channels in dim 0.</summary>
        public override bool WorksUnbatched(GraphNode node) => false;

        public override bool ReadsLayer(GraphNode node) => true;

        public override string Describe(GraphNode node) =>
            $"{Name}({node.Attributes.Dims[0]}{(node.Attributes.Text == "true" ? "" : ", affine: " + node.Attributes.Text)})";

        /// <summary>Eval semantics: ONNX BatchNormalization with the running statistics (scale and B are required inputs there).</summary>
        public override bool LowerToOnnx(OnnxContext c)
        {
            if (c.Node.Attributes.Text != "true")
                return c.Unsupported($"{Name} without a constant affine: true has no weight and bias for ONNX BatchNormalization's required scale and B");
            c.Add("BatchNormalization", new[] { c.X[0], c.Parameter("weight"), c.Parameter("bias"), c.Parameter("running_mean"), c.Parameter("running_var") }, c.Y,
                c.FloatOf("epsilon", EquatableArray<double>.Empty, "Eps"));
            return true;
        }

        public IReadOnlyList<SavedBuffer> SavedBuffers(GraphNode node)
        {
            var channels = node.Shape[1];
            return new[] { new SavedBuffer("mean", channels), new SavedBuffer("invstd", channels), new SavedBuffer("batchstats", SymDim.Const(1)) };
        }

        public IReadOnlyList<KernelValue> Values(GraphNode node) => new[]
        {
            new KernelValue("double", "eps", "{layer}.Eps"),
            new KernelValue("double?", "momentum", "{layer}.Momentum"),
            new KernelValue("bool", "training", "{layer}.Training"),
        };

        /// <summary>A ReLU that is the layer's only reader runs in the layer's own passes (forward and backward).</summary>
        public bool TakesActivation(GraphNode activation) => OpRegistry.Get(activation.Op) is IGemmActivation { GemmActivation: "Relu" };

        public IEnumerable<KernelCall> Forward(KernelLowering c)
        {
            var (batch, channels, spatial) = Sizes(c.InputShapes[0]);
            var arguments = new List<KernelArgument>
            {
                KernelArgument.Input(0), KernelArgument.Output, KernelArgument.Saved("mean"), KernelArgument.Saved("invstd"), KernelArgument.Saved("batchstats"),
                KernelArgument.Dim(batch), KernelArgument.Dim(channels), KernelArgument.Dim(spatial),
                KernelArgument.Parameter("Weight"), KernelArgument.Parameter("Bias"),
                KernelArgument.LayerMember("RunningMean"), KernelArgument.LayerMember("RunningVar"), KernelArgument.LayerMember("NumBatchesTracked"),
                KernelArgument.Value("eps"), KernelArgument.Value("momentum"), KernelArgument.Value("training"),
            };
            string fused = "";
            if (GemmEpilogue.Activation(c) is { } activation)
            {
                arguments.Add(GemmEpilogue.Argument(activation));
                fused = $", then {activation} in the same pass";
            }

            yield return new KernelCall(Family, "BatchNormForward",
                $"training: normalise with the batch's mean and variance, update running_mean/running_var, count num_batches_tracked; eval: the running statistics{fused}",
                arguments.ToArray());
        }

        public IEnumerable<KernelCall> Backward(KernelLowering c)
        {
            var (batch, channels, spatial) = Sizes(c.InputShapes[0]);
            var arguments = new List<KernelArgument>
            {
                KernelArgument.OutputGradient, KernelArgument.Input(0), KernelArgument.InputGradient(0),
                KernelArgument.Saved("mean"), KernelArgument.Saved("invstd"), KernelArgument.Saved("batchstats"),
                KernelArgument.Dim(batch), KernelArgument.Dim(channels), KernelArgument.Dim(spatial),
                KernelArgument.Parameter("Weight"), KernelArgument.ParameterGradient("Weight"), KernelArgument.ParameterGradient("Bias"),
                KernelArgument.Accumulate(c.Accumulate(0)),
            };
            string through = "";
            if (GemmEpilogue.Activation(c) is { } activation)
            {
                arguments.Add(KernelArgument.Output.Named("output"));
                arguments.Add(GemmEpilogue.Argument(activation));
                through = $" (dy through the fused {activation} first, from its output, in the same passes)";
            }

            yield return new KernelCall(Family, "BatchNormBackward",
                $"dx {(c.Accumulate(0) ? "+=" : "=")} through the batch statistics (or the running ones' affine map); dweight (+)= Σ dy·x̂, dbias (+)= Σ dy{through}",
                arguments.ToArray());
        }

        private const string Family = "Norm";

        /// <summary>[N, C, *] as the kernels take it: batch, channels, and the positions after the channel dim.</summary>
        private static (SymDim Batch, SymDim Channels, SymDim Spatial) Sizes(SymShape shape) =>
            (shape[0], shape[1], SymDim.Product(shape.Dims.Skip(2)));
    }
}
