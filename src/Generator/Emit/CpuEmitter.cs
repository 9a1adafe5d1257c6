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
    /// (<see cref="CallEmitter"/>) tries. The Call and backward are the shared walk (<see cref="BackendWalkEmitter"/>)
    /// in the CPU's words: float32 spans, one workspace of arrays, a generated kernel method per kernel. The kernels
    /// themselves come from <see cref="CpuKernelEmitter"/>; the shape table at the top lists every node with its shape.
    /// </summary>
    internal sealed class CpuEmitter : IBackendEmitter
    {
        public string Suffix => "Cpu";

        public string? Emit(ModulePlan plan)
        {
            if (plan.Model.Graph is null || plan.Kernels is null || plan.Backward is null) return null;
            return new Writer(plan.Model, plan.Model.Graph, plan.Kernels, plan.Backward).Write();
        }

        /// <summary>None: the CPU file is the compiled Call itself, so its failure is an internal error (GG0099).</summary>
        public string? Fallback(ModuleEmitModel model, string reason) => null;

        private sealed class Writer : IBackendWalk
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
                var walk = new BackendWalkEmitter(_w, _model, _graph, _plan, _backward, _names, this);
                walk.WriteCall();
                walk.WriteBackward();
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

            // ---------------------------------------------------------------- the walk's CPU words (IBackendWalk)

            public string Suffix => "Cpu";

            public IEnumerable<string> CallSummary => new[]
            {
                "/// <summary>The compiled forward on the CPU, or null when it does not apply (an input or parameter that is not float32 on the CPU).</summary>",
            };

            public IEnumerable<string> DeviceCheck()
            {
                string check = string.Join(" || ", InputNames.Select(n => $"!global::GraphGen.Compiled.CompiledCall.IsFloat32Cpu({n})"));
                yield return $"if ({check} || !AreFloat32Cpu(layers)) return null;";
            }

            public string WorkspaceType => "CpuWorkspace";

            public string WorkspacePool => "_cpuWorkspaces";

            public string RentWorkspace => "_cpuWorkspaces.Rent(sizes) ?? new CpuWorkspace(sizes)";

            public IEnumerable<string> PrepareInput(string input) => new[] { $"var {input}_data = {input}.Detach().Contiguous();" };

            public IEnumerable<string> ForwardLaunch(Kernel k) => new[] { $"{k.Name}_forward({string.Join(", ", ForwardArguments(k))});" };

            public string Output(string bufferAndShape) => $"global::GraphGen.Compiled.CompiledCall.ToTensor({bufferAndShape})";

            public IEnumerable<string> CapturedInput(string input) => new[] { input, input + "_data" };

            public string BackwardSummary => "The analytic backward: the kernels' backward passes in reverse order, gradients accumulated where a value has several readers.";

            public IEnumerable<string> PrepareInputGradient(string input, bool hasGradient)
            {
                if (hasGradient) yield return $"float[]? {input}_grad = {BackwardPlanner.NeedName(input)} ? new float[{input}_data.NumEl] : null;";
            }

            public string CopyGradient(string buffer) => $"global::GraphGen.Compiled.CompiledCall.CopyGradient(g, {buffer});";

            public string InputGradientBuffer(string input) => input + "_grad";

            public IEnumerable<string> DeclareParameterGradients(GraphNode layer, IReadOnlyList<string> parameters) => parameters.Select(p =>
                $"var {CodeNames.ParameterGradient(layer, p)} = global::GraphGen.Compiled.GradientTarget.For(layers.{LayerOf(layer)}.{p});");

            public IEnumerable<string> BackwardLaunch(BackwardStep step) => new[] { $"{step.Kernel.Name}_backward({string.Join(", ", BackwardArguments(step))});" };

            public string InputGradientResult(string input) => $"global::GraphGen.Compiled.CompiledCall.GradientOf({input}, {input}_grad)";

            public string ParameterGradientResult(string gradient) => gradient + ".ForAutograd";

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
            public string Value(int node)
            {
                var slot = Slot(node);
                return slot.IsInput ? $"{_names.Input(_graph.Inputs[slot.Input!.Value].Name)}_data.AsSpan<float>()" : $"ws.{slot.Name}";
            }

            private static string LayerOf(GraphNode node) => CodeNames.Layer(node.LayerPath!);

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

            // ---------------------------------------------------------------- device check and workspace

            private void WriteDeviceCheck()
            {
                var checks = _parameterized.SelectMany(l => CodeNames.Parameters(l).Select(p => $"global::GraphGen.Compiled.CompiledCall.IsFloat32Cpu(layers.{LayerOf(l)}.{p})"))
                    .Distinct().ToList();
                _w.Line("/// <summary>Whether every parameter the kernels read is a float32 tensor on the CPU.</summary>");
                _w.Line($"private static bool AreFloat32Cpu(CallLayers layers) => {(checks.Count == 0 ? "true" : string.Join("\n    && ", checks))};");
                _w.Line();
            }

            private void WriteWorkspace() => WorkspaceEmitter.Write(_w, _plan, _backward, _names, new WorkspaceStyle(
                "Activations, saved values and gradients for one <see cref=\"CallSizes\"/>: planned once, reused by every call at those sizes.",
                "private sealed class CpuWorkspace : global::GraphGen.Compiled.Workspace<CallSizes>",
                "public CpuWorkspace(CallSizes s) : base(s)",
                "float[]", " = global::System.Array.Empty<float>()", size => $"new float[{size}]"));
        }
    }
}
