using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Emit
{
    internal sealed partial class GpuEmitter
    {
        private sealed partial class Writer
        {
            // ---------------------------------------------------------------- the walk's GPU words, backward

            protected override string BackwardSummary => "The analytic backward on the device: the kernels' backward passes in reverse order, gradients accumulated where a value has several readers.";

            protected override IEnumerable<string> PrepareInputGradient(string input, bool hasGradient)
            {
                yield return InputView(input);
                if (!hasGradient) yield break;
                yield return $"var {input}_grad = {BackwardPlanner.NeedName(input)} ? global::GraphGen.Compiled.Gpu.GpuCall.NewTensor(ws, {input}_data.Shape.ToArray()) : null;";
                yield return $"var {input}_grad_view = global::GraphGen.Compiled.Gpu.GpuCall.ViewOrEmpty({input}_grad);";
            }

            protected override string CopyGradient(string buffer) => $"global::GraphGen.Compiled.Gpu.GpuCall.CopyGradient(ws, g, {buffer});";

            protected override string InputGradientBuffer(string input) => input + "_grad_view";

            /// <summary>Declared before the step's guard: the GPU launches assign them, the returned array reads them.</summary>
            protected override IEnumerable<string> DeclareParameterGradients(GraphNode layer, IReadOnlyList<string> parameters) => new[]
            {
                $"global::GraphGen.Tensor? {string.Join(", ", parameters.Select(p => CodeNames.ParameterGradient(layer, p) + " = null"))};",
            };

            protected override string InputGradientResult(string input) => input + "_grad";

            protected override string ParameterGradientResult(string gradient) => gradient;

            protected override IEnumerable<string> BackwardLaunch(BackwardStep step)
            {
                var k = step.Kernel;
                if (KernelParameters.LoweredBy(k) is { } op) return Launches(k, op.Backward(Lowering(k, step.Accumulate)), step);
                var outputSlot = Slot(k.Output.Id);
                string dy = $"ws.d_{outputSlot.Name}";
                var args = k.Inputs.Select(Value).Append($"ws.{outputSlot.Name}").Append(dy).ToList();
                for (int j = 0; j < k.Inputs.Count; j++)
                {
                    var need = step.InputNeeded[j];
                    if (!GpuKernelEmitter.Flagged(step, j)) args.Add(GradientView(k.Inputs[j], need));
                    else if (need.IsNever) args.AddRange(new[] { dy, "0" });
                    else args.AddRange(new[] { $"{need.Code} ? {GradientView(k.Inputs[j], GradientCondition.Needed)} : {dy}", $"{need.Code} ? 1 : 0" });
                }

                args.AddRange(GpuKernelEmitter.Scalars(k).Select(s => ScalarExpression(s.Expression, s.Node)));
                return new[] { ChainLaunch(GpuKernelEmitter.BackwardKernel(k), GpuKernelEmitter.BackwardFields(step), args, k.Output) };
            }

            /// <summary>The gradient buffer of a node, or an empty view when its gradient is not needed.</summary>
            private string GradientView(int node, GradientCondition needed)
            {
                if (needed.IsNever) return "default";
                var slot = Slot(node);
                if (slot.IsInput) return $"{Names.Input(Graph.Inputs[slot.Input!.Value].Name)}_grad_view";
                return needed.Always ? $"ws.d_{slot.Name}" : $"({needed.Code} ? ws.d_{slot.Name} : default)";
            }

            // ---------------------------------------------------------------- device check and workspace

            private void WriteDeviceCheck()
            {
                var checks = Parameterized.SelectMany(l => CodeNames.Parameters(l).Select(p => $"global::GraphGen.Compiled.Gpu.GpuCall.IsDenseFloat32On(layers.{LayerOf(l)}.{p}, device)"))
                    .Distinct().ToList();
                W.Line("/// <summary>Whether every parameter the kernels read is a dense float32 tensor on <paramref name=\"device\"/>.</summary>");
                W.Line($"private static bool AreFloat32Gpu(CallLayers layers, global::GraphGen.Device device) => {(checks.Count == 0 ? "true" : string.Join("\n    && ", checks))};");
                W.Line();
            }

            private void WriteWorkspace() => WorkspaceEmitter.Write(W, Plan, Backward, Names, new WorkspaceStyle(
                "Device buffers for one <see cref=\"CallSizes\"/>: activations and saved values planned once, gradients on the first backward.",
                "private sealed class GpuWorkspace : global::GraphGen.Compiled.Gpu.GpuWorkspace<CallSizes>",
                "public GpuWorkspace(CallSizes s, global::GraphGen.Device device) : base(s, device)",
                "global::ILGPU.ArrayView<float>", "", size => $"Allocate({size})"));
        }
    }
}
