using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;

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

        private sealed class Writer : BackendWalkEmitter
        {
            private readonly CpuKernelEmitter _kernels;
            private readonly CpuFoldEmitter _folds;

            public Writer(ModuleEmitModel model, ModuleGraph graph, KernelPlan plan, BackwardPlan backward) : base(model, graph, plan, backward)
            {
                _kernels = new CpuKernelEmitter(graph, Names);
                _folds = new CpuFoldEmitter(graph, Names);
            }

            public string Write()
            {
                int blocks = GeneratedFile.Open(W, Model, $"GraphGen: {Model.FullName}'s Forward compiled to fused float32 CPU kernels, with its analytic backward.");
                WriteGraphTable();
                WriteFields();
                WriteCall();
                WriteBackward();
                WriteDeviceCheck();
                WriteWorkspace();
                W.Line("// ------------------------------------------------------------------ kernels");
                foreach (var kernel in Plan.Kernels)
                {
                    W.Line();
                    _kernels.EmitForward(W, kernel);
                    var step = Backward.Steps.FirstOrDefault(s => s.Kernel == kernel);
                    if (step is null) continue;
                    W.Line();
                    _kernels.EmitBackward(W, step);
                }

                foreach (var fold in Plan.Folds)
                {
                    W.Line();
                    _folds.EmitMethod(W, fold);
                }

                GeneratedFile.Close(W, blocks);
                return W.ToString();
            }

            private void WriteGraphTable() => ShapeTableEmitter.Write(W, Graph, Plan, "the kernel that computes it", (_, k) =>
                $"{k.Name}_forward{(k.Nodes.Count == 1 ? "" : k.Kind switch { KernelKind.Gemm => " (GEMM epilogue)", KernelKind.Op => " (same passes)", _ => " (fused loop)" })}");

            // ---------------------------------------------------------------- Call

            private void WriteFields()
            {
                W.Line("private readonly global::GraphGen.Compiled.WorkspacePool<CallSizes, CpuWorkspace> _cpuWorkspaces = new();");
                W.Line();
            }

            // ---------------------------------------------------------------- the walk's CPU words

            protected override string Suffix => "Cpu";

            protected override IEnumerable<string> CallSummary => new[]
            {
                "/// <summary>The compiled forward on the CPU, or null when it does not apply (an input or parameter that is not float32 on the CPU).</summary>",
            };

            protected override IEnumerable<string> DeviceCheck()
            {
                foreach (var line in CheckIndexInputs()) yield return line;
                string check = string.Join(" || ", Graph.Inputs.Select(i => i.Indices
                    ? $"!global::GraphGen.Compiled.CompiledCall.IsIndicesCpu({Names.Input(i.Name)})"
                    : $"!global::GraphGen.Compiled.CompiledCall.IsFloat32Cpu({Names.Input(i.Name)})"));
                yield return $"if ({check} || !AreFloat32Cpu(layers)) return null;";
            }

            protected override string WorkspaceType => "CpuWorkspace";

            protected override string WorkspacePool => "_cpuWorkspaces";

            protected override string RentWorkspace => "_cpuWorkspaces.Rent(sizes) ?? new CpuWorkspace(sizes, BackwardCpu)";

            protected override bool RecordsInWorkspace => true;

            protected override IEnumerable<string> PrepareInput(string input) => new[]
            {
                IsIndices(input) ? $"var {input}_data = global::GraphGen.Compiled.CompiledCall.Indices({input});" : $"var {input}_data = global::GraphGen.Compiled.CompiledCall.Contiguous({input});",
            };

            /// <summary>A kernel's launch; a folded convolution's launch brings its BatchNorm's and activation's (run in its else branch).</summary>
            protected override IEnumerable<string> ForwardLaunch(Kernel k)
            {
                if (Plan.Folds.FirstOrDefault(f => f.Convolution == k) is { } fold)
                    return CpuFoldEmitter.Launch(fold, Value(k.Inputs[0]), $"ws.{Slot(fold.Output.Id).Name}", fold.Kernels.Select(Launch));
                return Plan.Folds.Any(f => f.Norm == k || f.Activation == k) ? Enumerable.Empty<string>() : new[] { Launch(k) };
            }

            private string Launch(Kernel k) => $"{k.Name}_forward({string.Join(", ", ForwardArguments(k))});";

            protected override string Output(string bufferAndShape) => $"global::GraphGen.Compiled.CompiledCall.ToTensor({bufferAndShape})";

            protected override IEnumerable<string> CapturedInput(string input) => new[] { input, input + "_data" };

            protected override string BackwardSummary => "The analytic backward: the kernels' backward passes in reverse order, gradients accumulated where a value has several readers.";

            protected override IEnumerable<string> PrepareInputGradient(string input, bool hasGradient)
            {
                if (hasGradient) yield return $"float[]? {input}_grad = {BackwardPlanner.NeedName(input)} ? new float[{input}_data.NumEl] : null;";
            }

            protected override string CopyGradient(string buffer) => $"global::GraphGen.Compiled.CompiledCall.CopyGradient(g, {buffer});";

            protected override string InputGradientBuffer(string input) => input + "_grad";

            protected override IEnumerable<string> DeclareParameterGradients(GraphNode layer, IReadOnlyList<string> parameters) => parameters.Select(p =>
                $"var {CodeNames.ParameterGradient(layer, p)} = global::GraphGen.Compiled.GradientTarget.For(layers.{LayerOf(layer)}.{p});");

            protected override IEnumerable<string> BackwardLaunch(BackwardStep step) => new[] { $"{step.Kernel.Name}_backward({string.Join(", ", BackwardArguments(step))});" };

            protected override string InputGradientResult(string input) => $"global::GraphGen.Compiled.CompiledCall.GradientOf({input}, {input}_grad)";

            protected override string ParameterGradientResult(string gradient) => gradient + ".ForAutograd";

            private IEnumerable<string> ForwardArguments(Kernel k)
            {
                yield return "in sizes";
                foreach (int input in k.Inputs) yield return Value(input);
                yield return $"ws.{Slot(k.Output.Id).Name}";
                foreach (var b in KernelParameters.Saved(k)) yield return $"ws.{k.Name}_{b.Name}";
                if (CodeNames.Parameters(k.First).Count > 0) yield return $"layers.{LayerOf(k.First)}";
                foreach (var sc in KernelParameters.Scalars(k)) yield return ScalarExpression(sc.Expression, sc.Node);
            }

            /// <summary>The values of a node in the orchestrating methods.</summary>
            protected override string Value(int node)
            {
                var slot = Slot(node);
                if (!slot.IsInput) return $"ws.{slot.Name}";
                var input = Graph.Inputs[slot.Input!.Value];
                return $"{Names.Input(input.Name)}_data.AsSpan<{(input.Indices ? "long" : "float")}>()";
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
                foreach (var b in KernelParameters.Saved(k)) yield return $"ws.{k.Name}_{b.Name}";
                if (CodeNames.Parameters(k.First).Count > 0)
                {
                    yield return $"layers.{LayerOf(k.First)}";
                    foreach (var parameter in CodeNames.Parameters(k.First)) yield return "in " + CodeNames.ParameterGradient(k.First, parameter);
                }

                foreach (var sc in KernelParameters.Scalars(k, backward: true)) yield return ScalarExpression(sc.Expression, sc.Node);
            }

            /// <summary>The gradient buffer of a node, or an empty span when its gradient is not needed.</summary>
            private string Gradient(int node, GradientCondition needed)
            {
                if (needed.IsNever) return "default";
                var slot = Slot(node);
                if (slot.IsInput) return $"{Names.Input(Graph.Inputs[slot.Input!.Value].Name)}_grad";
                return needed.Always ? $"ws.d_{slot.Name}" : $"({needed.Code} ? ws.d_{slot.Name} : null)";
            }

            // ---------------------------------------------------------------- device check and workspace

            private void WriteDeviceCheck()
            {
                var checks = Parameterized.SelectMany(l => CodeNames.Parameters(l).Select(p => $"global::GraphGen.Compiled.CompiledCall.IsFloat32Cpu(layers.{LayerOf(l)}.{p})"))
                    .Distinct().ToList();
                W.Line("/// <summary>Whether every parameter the kernels read is a float32 tensor on the CPU.</summary>");
                W.Line($"private static bool AreFloat32Cpu(CallLayers layers) => {(checks.Count == 0 ? "true" : string.Join("\n    && ", checks))};");
                W.Line();
            }

            private void WriteWorkspace() => WorkspaceEmitter.Write(W, Plan, Backward, Names, new WorkspaceStyle(
                "Activations, saved values and gradients for one <see cref=\"CallSizes\"/>, and the state of the training call that owns it: planned once, reused by every call at those sizes.",
                "private sealed class CpuWorkspace : global::GraphGen.Compiled.Workspace<CallSizes>",
                "public CpuWorkspace(CallSizes s, global::System.Func<global::GraphGen.Tensor, CpuWorkspace, global::GraphGen.Tensor?[]> backward) : base(s)",
                "float[]", " = global::System.Array.Empty<float>()", size => $"new float[{size}]",
                CallState().Select(f => f.Type == "bool" ? $"public bool {CallStateField(f.Name)};" : $"public {f.Type}? {CallStateField(f.Name)};")
                    .Concat(Plan.Folds.Select(CpuFoldEmitter.Field)).ToList(),
                new[] { "Backward = g => backward(g, this);" }));
        }
    }
}
