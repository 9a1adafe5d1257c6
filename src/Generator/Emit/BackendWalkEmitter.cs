using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// The walk every backend's file shares, written once: the compiled Call (device check, sizes, workspace, inputs,
    /// the launch sequence, the output, the autograd node) and the backward (the steps in reverse, guarded by their
    /// <see cref="GradientCondition"/>, the parameter gradient targets, the gradients delivered to autograd). What
    /// differs between backends comes from <see cref="IBackendWalk"/>.
    /// </summary>
    internal sealed class BackendWalkEmitter
    {
        private readonly SourceWriter _w;
        private readonly ModuleEmitModel _model;
        private readonly ModuleGraph _graph;
        private readonly KernelPlan _plan;
        private readonly BackwardPlan _backward;
        private readonly CodeNames _names;
        private readonly IBackendWalk _backend;
        private readonly List<GraphNode> _parameterized;

        public BackendWalkEmitter(SourceWriter w, ModuleEmitModel model, ModuleGraph graph, KernelPlan plan, BackwardPlan backward, CodeNames names, IBackendWalk backend)
        {
            _w = w;
            _model = model;
            _graph = graph;
            _plan = plan;
            _backward = backward;
            _names = names;
            _backend = backend;
            _parameterized = graph.Nodes.Where(n => CodeNames.Parameters(n).Count > 0).ToList();
        }

        private IEnumerable<string> InputNames => _graph.Inputs.Select(i => _names.Input(i.Name));

        private void Lines(IEnumerable<string> lines)
        {
            foreach (var line in lines) _w.Line(line);
        }

        public void WriteCall()
        {
            var parameters = string.Join(", ", InputNames.Select(n => "global::GraphGen.Tensor " + n));
            Lines(_backend.CallSummary);
            using (_w.OpenBlock($"private global::GraphGen.Tensor? {CallEmitter.CompiledCall(_backend.Suffix)}({parameters}, CallLayers layers)"))
            {
                Lines(_backend.DeviceCheck());
                _w.Line();
                _w.Line($"var sizes = ResolveCallSizes({string.Join(", ", InputNames)}, layers);");
                _w.Line($"var ws = {_backend.RentWorkspace};");
                foreach (var n in InputNames) Lines(_backend.PrepareInput(n));
                _w.Line();
                foreach (var k in _plan.Kernels) Lines(_backend.ForwardLaunch(k));
                _w.Line();

                var outputNode = _graph.Nodes[_graph.Output];
                string shape = string.Join(", ", outputNode.Shape.Dims.Select(d => _names.Dim(d, "sizes.")));
                _w.Line($"var output = {_backend.Output(_backend.Value(_graph.Output) + (shape.Length > 0 ? ", " + shape : ""))};");
                var autogradInputs = InputNames.Concat(_parameterized.SelectMany(l => CodeNames.Parameters(l).Select(p => $"layers.{CodeNames.Layer(l.LayerPath!)}.{p}")));
                _w.Line($"var inputs = new global::GraphGen.Tensor?[] {{ {string.Join(", ", autogradInputs)} }};");
                using (_w.OpenBlock("if (!global::GraphGen.Compiled.CompiledCall.NeedsGradient(inputs))"))
                {
                    _w.Line($"{_backend.WorkspacePool}.Return(ws);");
                    _w.Line("return output;");
                }

                _w.Line();
                _w.Line("// The backward below runs when autograd reaches this output; the workspace stays this call's until then.");
                foreach (var n in InputNames) _w.Line($"bool {BackwardPlanner.NeedName(n)} = {n}.RequiresGrad;");
                _w.Line("int generation = ws.Generation;");
                var captured = new List<string> { "g", "sizes", "ws", "generation", "layers" };
                foreach (var n in InputNames) captured.AddRange(_backend.CapturedInput(n).Append(BackwardPlanner.NeedName(n)));
                _w.Line($"return global::GraphGen.Autograd.Function({GeneratedFile.Literal(_model.Name + "Backward")}, output, g => Backward{_backend.Suffix}({string.Join(", ", captured)}), inputs);");
            }

            _w.Line();
        }

        public void WriteBackward()
        {
            var parameters = new List<string> { "global::GraphGen.Tensor g", "CallSizes sizes", $"{_backend.WorkspaceType} ws", "int generation", "CallLayers layers" };
            foreach (var n in InputNames)
                parameters.AddRange(_backend.CapturedInput(n).Select(c => "global::GraphGen.Tensor " + c).Append($"bool {BackwardPlanner.NeedName(n)}"));
            _w.Line($"/// <summary>{_backend.BackwardSummary}</summary>");
            using (_w.OpenBlock($"private global::GraphGen.Tensor?[] Backward{_backend.Suffix}({string.Join(", ", parameters)})"))
            {
                _w.Line($"ws.EnsureGeneration(generation, {GeneratedFile.Literal(_model.Name)});");
                _w.Line("ws.EnsureGradients();");
                for (int i = 0; i < _graph.Inputs.Count; i++)
                    Lines(_backend.PrepareInputGradient(_names.Input(_graph.Inputs[i].Name), _backward.InputsWithGradient.Contains(i)));

                var outputSlot = _plan.OutputSlot;
                if (outputSlot.IsInput)
                {
                    string n = _names.Input(_graph.Inputs[outputSlot.Input!.Value].Name);
                    _w.Line($"if ({n}_grad is not null) {_backend.CopyGradient(_backend.InputGradientBuffer(n))}");
                }
                else
                {
                    _w.Line(_backend.CopyGradient($"ws.d_{outputSlot.Name}"));
                }

                var targets = new HashSet<int>();
                foreach (var step in _backward.Steps)
                {
                    if (step.Needed.IsNever) continue;
                    var layer = step.Kernel.First;
                    var layerParameters = CodeNames.Parameters(layer);
                    if (layerParameters.Count > 0)
                    {
                        Lines(_backend.DeclareParameterGradients(layer, layerParameters));
                        targets.Add(layer.Id);
                    }

                    bool guarded = step.Needed.IsConditional;
                    if (guarded) _w.OpenBlock($"if ({step.Needed.Code})");
                    Lines(_backend.BackwardLaunch(step));
                    if (guarded) _w.CloseBlock();
                }

                _w.Line();
                _w.Line($"{_backend.WorkspacePool}.Return(ws);");
                var grads = new List<string>();
                for (int i = 0; i < _graph.Inputs.Count; i++)
                    grads.Add(_backward.InputsWithGradient.Contains(i) ? _backend.InputGradientResult(_names.Input(_graph.Inputs[i].Name)) : "null");
                foreach (var l in _parameterized)
                    grads.AddRange(CodeNames.Parameters(l).Select(p => targets.Contains(l.Id) ? _backend.ParameterGradientResult(CodeNames.ParameterGradient(l, p)) : "null"));
                _w.Line("return new global::GraphGen.Tensor?[]");
                _w.Line("{");
                foreach (var grad in grads) _w.Line("    " + grad + ",");
                _w.Line("};");
            }

            _w.Line();
        }
    }
}
