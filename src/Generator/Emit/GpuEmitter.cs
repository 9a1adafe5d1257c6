using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// Writes <c>{Type}.Gpu.g.cs</c>: the compiled Call on a CUDA device, over the same kernel plan and backward
    /// plan as the CPU file. The shared Call (<see cref="CallEmitter"/>) comes here when the CPU declines. The Call and
    /// backward are the shared walk (<see cref="BackendWalkEmitter"/>) in the GPU's words: device views, a device
    /// workspace, kernels queued on the device's stream, gradients as new device tensors. A graph with an op that has no GPU kernel yet
    /// compiles to a Call that declines (the eager Forward runs, op by op, on the device).
    /// </summary>
    internal sealed partial class GpuEmitter : IBackendEmitter
    {
        public string Suffix => "Gpu";

        public string? Emit(ModulePlan plan)
        {
            if (plan.Model.Graph is null || plan.Kernels is null || plan.Backward is null) return null;
            return new Writer(plan.Model, plan.Model.Graph, plan.Kernels, plan.Backward).Write();
        }

        public string? Fallback(ModuleEmitModel model, string reason) => model.Graph is null ? null : Declining(model, reason);

        /// <summary>A GPU file whose Call declines, so that on a CUDA device the eager Forward runs, op by op, on that device.</summary>
        private static string Declining(ModuleEmitModel model, string reason)
        {
            var w = new SourceWriter();
            int blocks = GeneratedFile.Open(w, model, $"GraphGen: {model.FullName} has no compiled GPU code; on a CUDA device Call runs the eager Forward.");
            foreach (var line in GeneratedFile.Wrap(reason + ". On a CUDA device Call runs the eager Forward, op by op, on that device.", 110)) w.Line("// " + line);
            string parameters = string.Join(", ", model.Graph!.Inputs.Select(i => "global::GraphGen.Tensor " + new CodeNames(model.Graph, model.Graph.Inputs.Select(x => x.Name)).Input(i.Name)));
            w.Line($"private global::GraphGen.Tensor? {CallEmitter.CompiledCall("Gpu")}({parameters}, CallLayers layers) => null;");
            GeneratedFile.Close(w, blocks);
            return w.ToString();
        }

        private sealed partial class Writer : BackendWalkEmitter
        {
            private readonly GpuKernelEmitter _kernels;

            public Writer(ModuleEmitModel model, ModuleGraph graph, KernelPlan plan, BackwardPlan backward) : base(model, graph, plan, backward) =>
                _kernels = new GpuKernelEmitter(graph);

            public string Write()
            {
                var unsupported = Plan.Kernels.Select(_kernels.Unsupported).Where(u => u is not null).ToList();
                if (unsupported.Count > 0) return Declining(Model, $"No GPU kernel yet for: {string.Join(", ", unsupported)}");

                int blocks = GeneratedFile.Open(W, Model, $"GraphGen: {Model.FullName}'s Forward compiled to ILGPU kernels (float32, on a CUDA device), with its analytic backward.");

                WriteGraphTable();
                WriteFields();
                WriteCall();
                WriteBackward();
                WriteDeviceCheck();
                WriteWorkspace();
                var chains = Plan.Kernels.Where(k => k.Kind == KernelKind.Chain).ToList();
                if (chains.Count > 0) W.Line("// ------------------------------------------------------------------ generated kernels");
                foreach (var kernel in chains)
                {
                    W.Line();
                    _kernels.EmitChainForward(W, kernel);
                    var step = Backward.Steps.FirstOrDefault(s => s.Kernel == kernel);
                    if (step is null || step.Needed.IsNever) continue;
                    W.Line();
                    _kernels.EmitChainBackward(W, step);
                }

                GeneratedFile.Close(W, blocks);
                return W.ToString();
            }

            private void WriteGraphTable() => ShapeTableEmitter.Write(W, Graph, Plan, "what computes it on the device", (n, k) => k.Kind switch
            {
                KernelKind.Gemm => n == k.First ? "tiled GEMM, bias" + (k.Nodes.Count > 1 ? " and activation" : "") + " in its epilogue" : $"{k.First.Label}'s GEMM epilogue",
                KernelKind.Chain => GpuKernelEmitter.ForwardKernel(k) + (k.Nodes.Count > 1 ? " (fused)" : ""),
                KernelKind.Broadcast => "broadcast kernel",
                _ => $"runtime {k.First.Op} kernel",
            });

            // ---------------------------------------------------------------- Call

            private void WriteFields()
            {
                W.Line("private readonly global::GraphGen.Compiled.Gpu.GpuWorkspacePool<CallSizes, GpuWorkspace> _gpuWorkspaces = new();");
                W.Line();
            }

            // ---------------------------------------------------------------- the walk's GPU words, forward

            protected override string Suffix => "Gpu";

            protected override IEnumerable<string> CallSummary => new[]
            {
                "/// <summary>",
                "/// The compiled forward on a CUDA device, or null when it does not apply (an input or parameter that is not",
                "/// float32 on the first input's CUDA device): then the eager Forward runs, and reports mixed devices.",
                "/// </summary>",
            };

            protected override IEnumerable<string> DeviceCheck()
            {
                foreach (var line in CheckIndexInputs()) yield return line;
                yield return $"var device = {InputNames.First()}.Device;";
                string check = string.Join(" || ", InputNames.Select(n => IsIndices(n)
                    ? $"!global::GraphGen.Compiled.Gpu.GpuCall.IsIndicesOn({n}, device)"
                    : $"!global::GraphGen.Compiled.Gpu.GpuCall.IsFloat32On({n}, device)"));
                yield return $"if ({check} || !AreFloat32Gpu(layers, device)) return null;";
            }

            protected override string WorkspaceType => "GpuWorkspace";

            protected override string WorkspacePool => "_gpuWorkspaces";

            protected override string RentWorkspace => "_gpuWorkspaces.Rent(sizes, device) ?? new GpuWorkspace(sizes, device)";

            /// <summary>An input's device view: float32, or int64 for an index input (Embedding's; int32 ids are converted on the device).</summary>
            protected override IEnumerable<string> PrepareInput(string input) => new[]
            {
                IsIndices(input) ? $"var {input}_data = global::GraphGen.Compiled.CompiledCall.Indices({input});" : $"var {input}_data = {input}.Detach().Contiguous();",
                InputView(input),
            };

            private string InputView(string input) => IsIndices(input)
                ? $"var {input}_view = global::GraphGen.Compiled.Gpu.GpuCall.IndicesViewOf({input}_data);"
                : $"var {input}_view = global::GraphGen.Compiled.Gpu.GpuCall.ViewOf({input}_data);";

            protected override IEnumerable<string> ForwardLaunch(Kernel k) => Launch(k);

            protected override string Output(string bufferAndShape) => $"global::GraphGen.Compiled.Gpu.GpuCall.Output(ws, {bufferAndShape})";

            protected override IEnumerable<string> CapturedInput(string input) => new[] { input + "_data" };

            private IEnumerable<string> Launch(Kernel k)
            {
                if (KernelParameters.LoweredBy(k) is { } op) return Launches(k, op.Forward(Lowering(k)), null);
                var args = k.Inputs.Select(Value).Append(Value(k.Output.Id)).Concat(GpuKernelEmitter.Scalars(k).Select(s => ScalarExpression(s.Expression, s.Node)));
                return new[] { ChainLaunch(GpuKernelEmitter.ForwardKernel(k), GpuKernelEmitter.ForwardFields(k), args, k.Output) };
            }

            /// <summary>A generated chain kernel's launch: its buffers and scalars as the kernel's one tuple argument.</summary>
            private string ChainLaunch(string kernel, List<(string Type, string Name)> fields, IEnumerable<string> values, GraphNode output)
            {
                var all = values.ToList();
                if (fields.Count > all.Count) all.Add("0"); // GpuKernelEmitter's padding field
                return $"global::GraphGen.Compiled.Gpu.GpuCall.Launch(ws, {kernel}, {Count(output)}, ({string.Join(", ", all)}));";
            }

            private string Count(GraphNode node) => Names.Dim(node.Shape.NumEl, "sizes.");

            /// <summary>The device view of a node's values in the orchestrating methods.</summary>
            protected override string Value(int node)
            {
                var slot = Slot(node);
                return slot.IsInput ? $"{Names.Input(Graph.Inputs[slot.Input!.Value].Name)}_view" : $"ws.{slot.Name}";
            }
        }
    }
}
