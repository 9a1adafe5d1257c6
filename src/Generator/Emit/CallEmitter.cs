using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// Writes <c>{Type}.Call.g.cs</c>: what every backend's compiled Call shares. The entry point dispatches over
    /// the backends in order (<c>CallCompiledCpu(...) ?? CallCompiledGpu(...) ?? Forward(...)</c>: each returns null
    /// when the inputs and parameters are not on its device), and the records both backends read: the layers a call
    /// reads (<c>CallLayers</c>), the sizes it runs at (<c>CallSizes</c>, the key of every workspace) with the
    /// runtime shape checks, and the checks run on first use. A file of its own, so that neither backend's file
    /// names the other's methods and the plumbing file stays free of the compiled graph.
    /// </summary>
    internal static partial class CallEmitter
    {
        /// <summary>The method a backend writes: the compiled Call on its device, or null when it does not apply.</summary>
        public static string CompiledCall(string suffix) => "CallCompiled" + suffix;

        public static string? Emit(ModulePlan plan, IReadOnlyList<IBackendEmitter> backends)
        {
            if (plan.Model.Graph is null || plan.Kernels is null || plan.Backward is null) return null;
            return new Writer(plan.Model, plan.Model.Graph, backends).Write();
        }

        private sealed partial class Writer
        {
            private readonly ModuleEmitModel _model;
            private readonly ModuleGraph _graph;
            private readonly IReadOnlyList<IBackendEmitter> _backends;
            private readonly CodeNames _names;
            private readonly SourceWriter _w = new();

            public Writer(ModuleEmitModel model, ModuleGraph graph, IReadOnlyList<IBackendEmitter> backends)
            {
                _model = model;
                _graph = graph;
                _backends = backends;
                _names = new CodeNames(graph, graph.Inputs.Select(i => i.Name));
            }

            private IEnumerable<string> InputNames => _graph.Inputs.Select(i => _names.Input(i.Name));

            public string Write()
            {
                int blocks = GeneratedFile.Open(_w, _model, $"GraphGen: {_model.FullName}'s compiled Call: the dispatch to each backend's file, the layers and sizes they share.");
                WriteEntryPoint();
                WriteSizes();
                WriteLayers();
                GeneratedFile.Close(_w, blocks);
                return _w.ToString();
            }

            private void WriteEntryPoint()
            {
                var parameters = string.Join(", ", InputNames.Select(n => "global::GraphGen.Tensor " + n));
                string arguments = string.Join(", ", InputNames);
                _w.Line("private CallLayers? _callLayers;");
                _w.Line();
                if (_graph.Inputs.Count == 1)
                {
                    _w.Line("/// <summary>Runs the compiled forward of the inputs' device; <see cref=\"Forward\"/> stays the eager reference.</summary>");
                    _w.OpenBlock($"protected override global::GraphGen.Tensor CallCore({parameters})");
                }
                else
                {
                    _w.Line("/// <summary>Calls the module on its inputs through the compiled forward of their device; <see cref=\"Forward\"/> stays the eager reference.</summary>");
                    _w.OpenBlock($"public global::GraphGen.Tensor Call({parameters})");
                }

                if (_graph.Unbatchable) WriteOtherRanks(InputNames.Single());

                _w.Line("var layers = _callLayers ??= ResolveCallLayers();");
                var files = string.Join(", ", _backends.Select(b => $"{_model.Name}.{b.Suffix}.g.cs"));
                _w.Line($"// Each backend ({files}) runs when the inputs and parameters are on its device, else returns null; then the eager Forward runs.");
                var calls = _backends.Select(b => $"{CompiledCall(b.Suffix)}({arguments}, layers)").Append($"Forward({arguments})");
                _w.Line($"return {string.Join(" ?? ", calls)};");
                _w.CloseBlock();
                _w.Line();
            }

            /// <summary>
            /// PyTorch's layers take [*, features]: an unbatched input runs as a batch of one, several leading dims run
            /// flattened into one batch and are restored on the output (autograd's views carry the gradient back in the
            /// input's shape). Where an op's dim depends on the rank, ranks above 2 run the eager Forward instead.
            /// </summary>
            private void WriteOtherRanks(string x)
            {
                var shape = _graph.Nodes[_graph.Inputs[0].NodeId].Shape;
                var features = string.Join(", ", shape.Dims.Skip(1));
                _w.Line($"// An unbatched {x} of shape [{features}] runs as a batch of one: every op here treats dim 0 as the batch.");
                _w.Line($"if ({x}.Rank == {shape.Rank - 1}) return CallCore({x}.Unsqueeze(0)).Squeeze(0);");
                if (shape.Rank > 2)
                {
                    // A [B, C, H, W] input: PyTorch's convolutions and pools take only that and the unbatched form.
                    _w.Line();
                    return;
                }

                if (_graph.FlattensLeadingDims)
                {
                    _w.Line($"// Leading dims ([*, {features}]) run flattened into one batch and are restored on the output.");
                    _w.Line($"if ({x}.Rank > 2) return global::GraphGen.Compiled.CompiledCall.RestoreLeadingDims(CallCore({x}.Flatten(0, -2)), {x});");
                }
                else
                {
                    _w.Line($"// An op here picks its dim from the rank (a Softmax without a dim): other ranks run the eager Forward, as PyTorch computes them.");
                    _w.Line($"if ({x}.Rank > 2) return Forward({x});");
                }

                _w.Line();
            }

            private void WriteLayers()
            {
                var layers = _graph.Layers;
                _w.Line("/// <summary>The layer objects the kernels read (their weights are read at each call, so To()/LoadStateDict() are seen).</summary>");
                if (layers.Count == 0)
                {
                    _w.Line("private sealed record CallLayers();");
                    _w.Line();
                    _w.Line("private CallLayers ResolveCallLayers() => new CallLayers();");
                    return;
                }

                _w.Line("private sealed record CallLayers(");
                for (int i = 0; i < layers.Count; i++)
                    _w.Line($"    {layers[i].TypeName} {CodeNames.Layer(layers[i].Path)}{(i == layers.Count - 1 ? ");" : ",")}");
                _w.Line();
                _w.Line("private CallLayers ResolveCallLayers() => new CallLayers(");
                for (int i = 0; i < layers.Count; i++) _w.Line($"    {layers[i].Access}{(i == layers.Count - 1 ? ");" : ",")}");
            }
        }
    }
}
