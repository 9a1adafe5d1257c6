using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// Writes <c>{Type}.Cpu.g.cs</c>: the compiled Call on the CPU, the first backend the shared Call
    /// (<see cref="CallEmitter"/>) tries. It resolves the sizes, rents a workspace planned for those sizes, runs the forward kernels, and records one autograd node
    /// whose backward runs the kernels' analytic backward in reverse. The kernels themselves come from
    /// <see cref="CpuKernelEmitter"/>; the shape table at the top lists every node with its inferred shape.
    /// </summary>
    internal sealed partial class CpuEmitter : IBackendEmitter
    {
        public string Suffix => "Cpu";

        public string? Emit(ModulePlan plan)
        {
            if (plan.Model.Graph is null || plan.Kernels is null || plan.Backward is null) return null;
            return new Writer(plan.Model, plan.Model.Graph, plan.Kernels, plan.Backward).Write();
        }

        /// <summary>None: the CPU file is the compiled Call itself, so its failure is an internal error (GG0099).</summary>
        public string? Fallback(ModuleEmitModel model, string reason) => null;

        private sealed partial class Writer
        {
            private readonly ModuleEmitModel _model;
            private readonly ModuleGraph _graph;
            private readonly KernelPlan _plan;
            private readonly BackwardPlan _backward;
            private readonly CodeNames _names;
            private readonly CpuKernelEmitter _kernels;
            private readonly SourceWriter _w = new();
            private readonly List<GraphNode> _parameterized;

            public Writer(ModuleEmitModel model, ModuleGraph graph, KernelPlan plan, BackwardPlan backward)
            {
                _model = model;
                _graph = graph;
                _plan = plan;
                _backward = backward;
                _names = new CodeNames(graph, graph.Inputs.Select(i => i.Name));
                _kernels = new CpuKernelEmitter(graph, _names);
                _parameterized = graph.Nodes.Where(n => CodeNames.Parameters(n).Count > 0).ToList();
            }

            private IEnumerable<string> InputNames => _graph.Inputs.Select(i => _names.Input(i.Name));

            public string Write()
            {
                int blocks = GeneratedFile.Open(_w, _model, $"GraphGen: {_model.FullName}'s Forward compiled to fused float32 CPU kernels, with its analytic backward.");
                WriteGraphTable();
                WriteFields();
                WriteCall();
                WriteBackward();
                WriteDeviceCheck();
                WriteWorkspace();
                _w.Line("// ------------------------------------------------------------------ kernels");
                foreach (var kernel in _plan.Kernels)
                {
                    _w.Line();
                    _kernels.EmitForward(_w, kernel);
                    var step = _backward.Steps.FirstOrDefault(s => s.Kernel == kernel);
                    if (step is null) continue;
                    _w.Line();
                    _kernels.EmitBackward(_w, step);
                }

                GeneratedFile.Close(_w, blocks);
                return _w.ToString();
            }

            private void WriteGraphTable() => ShapeTableEmitter.Write(_w, _graph, _plan, "the kernel that computes it", (_, k) =>
                $"{k.Name}_forward{(k.Nodes.Count == 1 ? "" : k.Kind == KernelKind.Gemm ? " (GEMM epilogue)" : " (fused loop)")}");

            // ---------------------------------------------------------------- Call

            private void WriteFields()
            {
                _w.Line("private readonly global::GraphGen.Compiled.WorkspacePool<CallSizes, CpuWorkspace> _cpuWorkspaces = new();");
                _w.Line();
            }

            private void WriteCall()
            {
                var parameters = string.Join(", ", InputNames.Select(n => "global::GraphGen.Tensor " + n));
                _w.Line("/// <summary>The compiled forward on the CPU, or null when it does not apply (an input or parameter that is not float32 on the CPU).</summary>");
                using (_w.OpenBlock($"private global::GraphGen.Tensor? {CallEmitter.CompiledCall("Cpu")}({parameters}, CallLayers layers)"))
                {
                    string check = string.Join(" || ", InputNames.Select(n => $"!global::GraphGen.Compiled.CompiledCall.IsFloat32Cpu({n})"));
                    _w.Line($"if ({check} || !AreFloat32Cpu(layers)) return null;");
                    _w.Line();
                    _w.Line($"var sizes = ResolveCallSizes({string.Join(", ", InputNames)}, layers);");
                    _w.Line("var ws = _cpuWorkspaces.Rent(sizes) ?? new CpuWorkspace(sizes);");
                    foreach (var n in InputNames) _w.Line($"var {n}_data = {n}.Detach().Contiguous();");
                    _w.Line();
                    foreach (var k in _plan.Kernels) _w.Line($"{k.Name}_forward({string.Join(", ", ForwardArguments(k))});");
                    _w.Line();

                    var outputNode = _graph.Nodes[_graph.Output];
                    string shape = string.Join(", ", outputNode.Shape.Dims.Select(d => _names.Dim(d, "sizes.")));
                    _w.Line($"var output = global::GraphGen.Compiled.CompiledCall.ToTensor({Value(_graph.Output)}{(shape.Length > 0 ? ", " + shape : "")});");
                    var autogradInputs = InputNames.Concat(_parameterized.SelectMany(l => CodeNames.Parameters(l).Select(p => $"layers.{LayerOf(l)}.{p}")));
                    _w.Line($"var inputs = new global::GraphGen.Tensor?[] {{ {string.Join(", ", autogradInputs)} }};");
                    using (_w.OpenBlock("if (!global::GraphGen.Compiled.CompiledCall.NeedsGradient(inputs))"))
                    {
                        _w.Line("_cpuWorkspaces.Return(ws);");
                        _w.Line("return output;");
                    }

                    _w.Line();
                    _w.Line("// The backward below runs when autograd reaches this output; the workspace stays this call's until then.");
                    foreach (var n in InputNames) _w.Line($"bool {BackwardPlanner.NeedName(n)} = {n}.RequiresGrad;");
                    _w.Line("int generation = ws.Generation;");
                    var captured = new List<string> { "g", "sizes", "ws", "generation", "layers" };
                    foreach (var n in InputNames) captured.AddRange(new[] { n, n + "_data", BackwardPlanner.NeedName(n) });
                    _w.Line($"return global::GraphGen.Autograd.Function({GeneratedFile.Literal(_model.Name + "Backward")}, output, g => BackwardCpu({string.Join(", ", captured)}), inputs);");
                }

                _w.Line();
            }

            private IEnumerable<string> ForwardArguments(Kernel k)
            {
                yield return "in sizes";
                foreach (int input in k.Inputs) yield return Value(input);
                yield return $"ws.{Slot(k.Output.Id).Name}";
                foreach (var b in CpuKernelEmitter.Saved(k)) yield return $"ws.{Slot(k.Output.Id).Name}_{b}";
                if (k.Kind == KernelKind.Gemm) yield return $"layers.{LayerOf(k.First)}";
                foreach (var sc in CpuKernelEmitter.Scalars(k)) yield return ScalarExpression(sc.Expression, sc.Node);
            }

            private string ScalarExpression(string expression, GraphNode node) =>
                expression.Replace("{layer}", node.LayerPath is null ? "this" : "layers." + CodeNames.Layer(node.LayerPath)).Replace("{self}", "this");

            private Slot Slot(int node) => _plan.SlotOf(node);

            /// <summary>The values of a node in the orchestrating methods.</summary>
            private string Value(int node)
            {
                var slot = Slot(node);
                return slot.IsInput ? $"{_names.Input(_graph.Inputs[slot.Input!.Value].Name)}_data.AsSpan<float>()" : $"ws.{slot.Name}";
            }

            private static string LayerOf(GraphNode node) => CodeNames.Layer(node.LayerPath!);

            // ---------------------------------------------------------------- backward

            private void WriteBackward()
            {
                var parameters = new List<string> { "global::GraphGen.Tensor g", "CallSizes sizes", "CpuWorkspace ws", "int generation", "CallLayers layers" };
                foreach (var n in InputNames)
                    parameters.AddRange(new[] { $"global::GraphGen.Tensor {n}", $"global::GraphGen.Tensor {n}_data", $"bool {BackwardPlanner.NeedName(n)}" });
                _w.Line("/// <summary>The analytic backward: the kernels' backward passes in reverse order, gradients accumulated where a value has several readers.</summary>");
                using (_w.OpenBlock($"private global::GraphGen.Tensor?[] BackwardCpu({string.Join(", ", parameters)})"))
                {
                    _w.Line($"ws.EnsureGeneration(generation, {GeneratedFile.Literal(_model.Name)});");
                    _w.Line("ws.EnsureGradients();");
                    for (int i = 0; i < _graph.Inputs.Count; i++)
                    {
                        string n = _names.Input(_graph.Inputs[i].Name);
                        if (_backward.InputsWithGradient.Contains(i))
                            _w.Line($"float[]? {n}_grad = {BackwardPlanner.NeedName(n)} ? new float[{n}_data.NumEl] : null;");
                    }

                    var outputSlot = _plan.OutputSlot;
                    if (outputSlot.IsInput)
                    {
                        string n = _names.Input(_graph.Inputs[outputSlot.Input!.Value].Name);
                        _w.Line($"if ({n}_grad is not null) global::GraphGen.Compiled.CompiledCall.CopyGradient(g, {n}_grad);");
                    }
                    else
                    {
                        _w.Line($"global::GraphGen.Compiled.CompiledCall.CopyGradient(g, ws.d_{outputSlot.Name});");
                    }

                    var targets = new HashSet<int>();
                    foreach (var step in _backward.Steps)
                    {
                        if (step.Needed.IsNever) continue;
                        var k = step.Kernel;
                        bool guarded = step.Needed.IsConditional;
                        if (guarded) _w.OpenBlock($"if ({step.Needed.Code})");
                        foreach (var parameter in CodeNames.Parameters(k.First))
                        {
                            _w.Line($"var {CodeNames.ParameterGradient(k.First, parameter)} = global::GraphGen.Compiled.GradientTarget.For(layers.{LayerOf(k.First)}.{parameter});");
                            targets.Add(k.First.Id);
                        }

                        _w.Line($"{k.Name}_backward({string.Join(", ", BackwardArguments(step))});");
                        if (guarded) _w.CloseBlock();
                    }

                    _w.Line();
                    _w.Line("_cpuWorkspaces.Return(ws);");
                    var grads = new List<string>();
                    for (int i = 0; i < _graph.Inputs.Count; i++)
                    {
                        string n = _names.Input(_graph.Inputs[i].Name);
                        grads.Add(_backward.InputsWithGradient.Contains(i) ? $"global::GraphGen.Compiled.CompiledCall.GradientOf({n}, {n}_grad)" : "null");
                    }

                    foreach (var l in _parameterized)
                        grads.AddRange(CodeNames.Parameters(l).Select(p => targets.Contains(l.Id) ? CodeNames.ParameterGradient(l, p) + ".ForAutograd" : "null"));
                    _w.Line("return new global::GraphGen.Tensor?[]");
                    _w.Line("{");
                    foreach (var grad in grads) _w.Line("    " + grad + ",");
                    _w.Line("};");
                }

                _w.Line();
            }

            private IEnumerable<string> BackwardArguments(BackwardStep step)
            {
                var k = step.Kernel;
                var outputSlot = Slot(k.Output.Id);
                yield return "in sizes";
                foreach (int input in k.Inputs) yield return Value(input);
                yield return $"ws.{outputSlot.Name}";
                yield return $"ws.d_{outputSlot.Name}";
                for (int j = 0; j < k.Inputs.Count; j++) yield return Gradient(k.Inputs[j], step.InputNeeded[j]);
                foreach (var b in CpuKernelEmitter.Saved(k)) yield return $"ws.{outputSlot.Name}_{b}";
                if (CodeNames.Parameters(k.First).Count > 0)
                {
                    yield return $"layers.{LayerOf(k.First)}";
                    foreach (var parameter in CodeNames.Parameters(k.First)) yield return "in " + CodeNames.ParameterGradient(k.First, parameter);
                }

                foreach (var sc in CpuKernelEmitter.Scalars(k, backward: true)) yield return ScalarExpression(sc.Expression, sc.Node);
            }

            /// <summary>The gradient buffer of a node, or an empty span when its gradient is not needed.</summary>
            private string Gradient(int node, GradientCondition needed)
            {
                if (needed.IsNever) return "default";
                var slot = Slot(node);
                if (slot.IsInput) return $"{_names.Input(_graph.Inputs[slot.Input!.Value].Name)}_grad";
                return needed.Always ? $"ws.d_{slot.Name}" : $"({needed.Code} ? ws.d_{slot.Name} : null)";
            }
        }
    }
}
