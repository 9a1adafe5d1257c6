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
            private void WriteBackward()
            {
                var parameters = new List<string> { "global::GraphGen.Tensor g", "CallSizes sizes", "GpuWorkspace ws", "int generation", "CallLayers layers" };
                foreach (var n in InputNames) parameters.AddRange(new[] { $"global::GraphGen.Tensor {n}_data", $"bool {BackwardPlanner.NeedName(n)}" });
                _w.Line("/// <summary>The analytic backward on the device: the kernels' backward passes in reverse order, gradients accumulated where a value has several readers.</summary>");
                using (_w.OpenBlock($"private global::GraphGen.Tensor?[] BackwardGpu({string.Join(", ", parameters)})"))
                {
                    _w.Line($"ws.EnsureGeneration(generation, {GeneratedFile.Literal(_model.Name)});");
                    _w.Line("ws.EnsureGradients();");
                    for (int i = 0; i < _graph.Inputs.Count; i++)
                    {
                        string n = _names.Input(_graph.Inputs[i].Name);
                        _w.Line($"var {n}_view = global::GraphGen.Compiled.Gpu.GpuCall.ViewOf({n}_data);");
                        if (!_backward.InputsWithGradient.Contains(i)) continue;
                        _w.Line($"var {n}_grad = {BackwardPlanner.NeedName(n)} ? global::GraphGen.Compiled.Gpu.GpuCall.NewTensor(ws, {n}_data.Shape.ToArray()) : null;");
                        _w.Line($"var {n}_grad_view = global::GraphGen.Compiled.Gpu.GpuCall.ViewOrEmpty({n}_grad);");
                    }

                    var outputSlot = _plan.OutputSlot;
                    if (outputSlot.IsInput)
                    {
                        string n = _names.Input(_graph.Inputs[outputSlot.Input!.Value].Name);
                        _w.Line($"if ({n}_grad is not null) global::GraphGen.Compiled.Gpu.GpuCall.CopyGradient(ws, g, {n}_grad_view);");
                    }
                    else
                    {
                        _w.Line($"global::GraphGen.Compiled.Gpu.GpuCall.CopyGradient(ws, g, ws.d_{outputSlot.Name});");
                    }

                    var targets = new HashSet<int>();
                    foreach (var step in _backward.Steps)
                    {
                        if (step.Needed.IsNever) continue;
                        var k = step.Kernel;
                        var layerParameters = CodeNames.Parameters(k.First);
                        if (layerParameters.Count > 0)
                        {
                            _w.Line($"global::GraphGen.Tensor? {string.Join(", ", layerParameters.Select(p => CodeNames.ParameterGradient(k.First, p) + " = null"))};");
                            targets.Add(k.First.Id);
                        }

                        bool guarded = step.Needed.IsConditional;
                        if (guarded) _w.OpenBlock($"if ({step.Needed.Code})");
                        foreach (var line in BackwardLaunch(step)) _w.Line(line);
                        if (guarded) _w.CloseBlock();
                    }

                    _w.Line();
                    _w.Line("_gpuWorkspaces.Return(ws);");
                    var grads = new List<string>();
                    for (int i = 0; i < _graph.Inputs.Count; i++)
                        grads.Add(_backward.InputsWithGradient.Contains(i) ? _names.Input(_graph.Inputs[i].Name) + "_grad" : "null");
                    foreach (var l in _parameterized)
                        grads.AddRange(CodeNames.Parameters(l).Select(p => targets.Contains(l.Id) ? CodeNames.ParameterGradient(l, p) : "null"));
                    _w.Line("return new global::GraphGen.Tensor?[]");
                    _w.Line("{");
                    foreach (var grad in grads) _w.Line("    " + grad + ",");
                    _w.Line("};");
                }

                _w.Line();
            }

            private IEnumerable<string> BackwardLaunch(BackwardStep step)
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
                            yield return $"global::GraphGen.Compiled.Gpu.GpuOps.ActivationGradient(ws, {y}, {dy}, activation: global::GraphGen.Kernels.Cpu.Activation.{activation});";
                        }
                        else
                        {
                            yield return $"// {k.First.Label}: dW = dyᵀ·x, db = column sums of dy, dx {(step.Accumulate[0] ? "+=" : "=")} dy·W";
                        }

                        yield return $"{name}_weight = global::GraphGen.Compiled.Gpu.GpuOps.WeightGradient(ws, {layer}.Weight, {dy}, {x[0]}, {rows}, {kk}, {n});";
                        yield return $"{name}_bias = global::GraphGen.Compiled.Gpu.GpuOps.BiasGradient(ws, {layer}.Bias, {dy}, {rows}, {n});";
                        yield return $"global::GraphGen.Compiled.Gpu.GpuOps.InputGradient(ws, {dy}, {dx[0]}, {rows}, {kk}, {n}, {layer}.Weight, accumulate: {Bool(step.Accumulate[0])});";
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
                        yield return $"global::GraphGen.Compiled.Gpu.GpuOps.BroadcastBackward(ws, global::GraphGen.Compiled.BinaryOp.{k.First.Op}, {x[0]}, {ShapeSpan(k, 0)}, {x[1]}, {ShapeSpan(k, 1)},";
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
                if (slot.IsInput) return $"{_names.Input(_graph.Inputs[slot.Input!.Value].Name)}_grad_view";
                return needed.Always ? $"ws.d_{slot.Name}" : $"({needed.Code} ? ws.d_{slot.Name} : default)";
            }

            private static string Bool(bool value) => value ? "true" : "false";

            // ---------------------------------------------------------------- device check and workspace

            private void WriteDeviceCheck()
            {
                var checks = _parameterized.SelectMany(l => CodeNames.Parameters(l).Select(p => $"global::GraphGen.Compiled.Gpu.GpuCall.IsDenseFloat32On(layers.{LayerOf(l)}.{p}, device)"))
                    .Distinct().ToList();
                _w.Line("/// <summary>Whether every parameter the kernels read is a dense float32 tensor on <paramref name=\"device\"/>.</summary>");
                _w.Line($"private static bool AreFloat32Gpu(CallLayers layers, global::GraphGen.Device device) => {(checks.Count == 0 ? "true" : string.Join("\n    && ", checks))};");
                _w.Line();
            }

            private void WriteWorkspace() => WorkspaceEmitter.Write(_w, _plan, _backward, _names, new WorkspaceStyle(
                "Device buffers for one <see cref=\"CallSizes\"/>: activations and saved values planned once, gradients on the first backward.",
                "private sealed class GpuWorkspace : global::GraphGen.Compiled.Gpu.GpuWorkspace<CallSizes>",
                "public GpuWorkspace(CallSizes s, global::GraphGen.Device device) : base(s, device)",
                "global::ILGPU.ArrayView<float>", "", size => $"Allocate({size})"));
        }
    }
}
