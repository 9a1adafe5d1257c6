using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Ops;

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
                yield return $"var {input}_view = global::GraphGen.Compiled.Gpu.GpuCall.ViewOf({input}_data);";
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
                var outputSlot = Slot(k.Output.Id);
                var x = k.Inputs.Select(Value).ToList();
                string y = $"ws.{outputSlot.Name}", dy = $"ws.d_{outputSlot.Name}";
                var dx = k.Inputs.Select((input, j) => GradientView(input, step.InputNeeded[j])).ToList();
                switch (k.Kind)
                {
                    case KernelKind.Gemm:
                        var (rows, kk, n) = GemmSizes(k);
                        string layer = "layers." + LayerOf(k.First);
                        string name = k.First.Name;
                        if (k.Nodes.Count > 1)
                        {
                            string activation = ((IGemmActivation)OpRegistry.Get(k.Nodes[1].Op)).GemmActivation;
                            yield return $"// {k.First.Label}: dy becomes the gradient before the fused {activation}, in place; then dW = dyᵀ·x, db = column sums of dy, dx {(step.Accumulate[0] ? "+=" : "=")} dy·W";
                            yield return $"global::GraphGen.Compiled.Gpu.CompiledGpuOps.ActivationGradient(ws, {y}, {dy}, activation: global::GraphGen.Kernels.Cpu.Activation.{activation});";
                        }
                        else
                        {
                            yield return $"// {k.First.Label}: dW = dyᵀ·x, db = column sums of dy, dx {(step.Accumulate[0] ? "+=" : "=")} dy·W";
                        }

                        yield return $"{name}_weight = global::GraphGen.Compiled.Gpu.CompiledGpuOps.WeightGradient(ws, {layer}.Weight, {dy}, {x[0]}, {rows}, {kk}, {n});";
                        yield return $"{name}_bias = global::GraphGen.Compiled.Gpu.CompiledGpuOps.BiasGradient(ws, {layer}.Bias, {dy}, {rows}, {n});";
                        yield return $"global::GraphGen.Compiled.Gpu.CompiledGpuOps.InputGradient(ws, {dy}, {dx[0]}, {rows}, {kk}, {n}, {layer}.Weight, accumulate: {Bool(step.Accumulate[0])});";
                        break;
                    case KernelKind.Chain:
                        var args = new List<string>(x) { y, dy };
                        for (int j = 0; j < k.Inputs.Count; j++)
                        {
                            var need = step.InputNeeded[j];
                            if (!GpuKernelEmitter.Flagged(step, j)) args.Add(dx[j]);
                            else if (need.IsNever) args.AddRange(new[] { dy, "0" });
                            else args.AddRange(new[] { $"{need.Code} ? {GradientView(k.Inputs[j], GradientCondition.Needed)} : {dy}", $"{need.Code} ? 1 : 0" });
                        }

                        args.AddRange(GpuKernelEmitter.Scalars(k).Select(s => ScalarExpression(s.Expression, s.Node)));
                        yield return ChainLaunch(GpuKernelEmitter.BackwardKernel(k), GpuKernelEmitter.BackwardFields(step), args, k.Output);
                        break;
                    case KernelKind.Broadcast:
                        yield return $"global::GraphGen.Compiled.Gpu.CompiledGpuOps.BroadcastBackward(ws, global::GraphGen.Kernels.Cpu.BinaryOp.{k.First.Op}, {x[0]}, {ShapeSpan(k, 0)}, {x[1]}, {ShapeSpan(k, 1)},";
                        yield return $"    {dy}, {ShapeSpan(k.Output.Shape)}, {dx[0]}, {Bool(step.Accumulate[0])}, {dx[1]}, {Bool(step.Accumulate[1])});";
                        break;
                    default:
                        yield return GpuKernelEmitter.OpBackward(OpContext(k, x, y, dy, dx[0], step.Accumulate[0]));
                        break;
                }
            }

            /// <summary>The gradient buffer of a node, or an empty view when its gradient is not needed.</summary>
            private string GradientView(int node, GradientCondition needed)
            {
                if (needed.IsNever) return "default";
                var slot = Slot(node);
                if (slot.IsInput) return $"{Names.Input(Graph.Inputs[slot.Input!.Value].Name)}_grad_view";
                return needed.Always ? $"ws.d_{slot.Name}" : $"({needed.Code} ? ws.d_{slot.Name} : default)";
            }

            private static string Bool(bool value) => value ? "true" : "false";

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
