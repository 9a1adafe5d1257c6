using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// The walk every backend's file shares, written once: the compiled Call (device check, sizes, workspace, inputs,
    /// the launch sequence, the output, the autograd node) and the backward (the steps in reverse, guarded by their
    /// <see cref="GradientCondition"/>, the parameter gradient targets, the gradients delivered to autograd). Each
    /// backend's writer derives from it and says, in the abstract members below, what differs: its buffers and views,
    /// how a kernel launches, how gradient buffers are made and returned, its workspace. Every member is C# text for
    /// the generated file; the generated code calls no interface (the walk is written out, statement by statement).
    /// </summary>
    internal abstract class BackendWalkEmitter
    {
        protected BackendWalkEmitter(ModuleEmitModel model, ModuleGraph graph, KernelPlan plan, BackwardPlan backward)
        {
            Model = model;
            Graph = graph;
            Plan = plan;
            Backward = backward;
            Names = new CodeNames(graph, graph.Inputs.Select(i => i.Name));
            Parameterized = graph.Nodes.Where(n => CodeNames.Parameters(n).Count > 0).ToList();
        }

        protected ModuleEmitModel Model { get; }
        protected ModuleGraph Graph { get; }
        protected KernelPlan Plan { get; }
        protected BackwardPlan Backward { get; }
        protected CodeNames Names { get; }
        protected SourceWriter W { get; } = new();

        /// <summary>The nodes with parameters (the layers whose weights the kernels read), in graph order.</summary>
        protected List<GraphNode> Parameterized { get; }

        protected IEnumerable<string> InputNames => Graph.Inputs.Select(i => Names.Input(i.Name));

        protected Slot Slot(int node) => Plan.SlotOf(node);

        /// <summary>Whether a Forward input (by its name in code) holds Embedding indices.</summary>
        protected bool IsIndices(string input) => Graph.Inputs.Any(i => i.Indices && Names.Input(i.Name) == input);

        /// <summary>An index input (read by Embeddings) that is not integer gets GG0122's message; elsewhere a wrong device or dtype runs eagerly.</summary>
        protected IEnumerable<string> CheckIndexInputs() => Graph.Inputs.Where(i => i.Indices)
            .Select(i => $"global::GraphGen.Compiled.CompiledCall.CheckIndices({Names.Input(i.Name)}, {GeneratedFile.Literal(IndexMessage(i))});");

        /// <summary>GG0122's message up to the tensor's description, which the runtime check appends ("a Float32 tensor of shape [4, 3]").</summary>
        private string IndexMessage(GraphInput input)
        {
            var embedding = Graph.Nodes.First(n => n.Op == "Embedding" && n.Inputs.Contains(input.NodeId));
            var descriptor = DiagnosticDescriptors.EmbeddingNotInteger;
            return descriptor.Id + ": " + string.Format(System.Globalization.CultureInfo.InvariantCulture,
                descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), embedding.Label, "'" + input.Name + "'", "");
        }

        protected static string LayerOf(GraphNode node) => CodeNames.Layer(node.LayerPath!);

        /// <summary>An op's scalar argument, its <c>{layer}</c> and <c>{self}</c> read from the call's layers and the module.</summary>
        protected static string ScalarExpression(string expression, GraphNode node) =>
            expression.Replace("{layer}", node.LayerPath is null ? "this" : "layers." + CodeNames.Layer(node.LayerPath)).Replace("{self}", "this");

        // ---------------------------------------------------------------- what each backend says

        /// <summary>The backend's name in its methods: <c>CallCompiled{Suffix}</c>, <c>Backward{Suffix}</c>.</summary>
        protected abstract string Suffix { get; }

        /// <summary>The documentation lines above the compiled Call.</summary>
        protected abstract IEnumerable<string> CallSummary { get; }

        /// <summary>The statements that return null when the inputs or parameters are not on this backend's device.</summary>
        protected abstract IEnumerable<string> DeviceCheck();

        /// <summary>The workspace class, the field of its pool, and an expression renting one for <c>sizes</c>.</summary>
        protected abstract string WorkspaceType { get; }
        protected abstract string WorkspacePool { get; }
        protected abstract string RentWorkspace { get; }

        /// <summary>The statements that make input <paramref name="input"/> readable by the kernels (<c>{input}_data</c> and any view).</summary>
        protected abstract IEnumerable<string> PrepareInput(string input);

        /// <summary>The buffer or view of a node's values in the Call and the backward.</summary>
        protected abstract string Value(int node);

        /// <summary>The statements that launch a kernel's forward.</summary>
        protected abstract IEnumerable<string> ForwardLaunch(Kernel kernel);

        /// <summary>An expression wrapping the output's buffer and shape arguments as the returned tensor.</summary>
        protected abstract string Output(string bufferAndShape);

        /// <summary>What the backward captures of an input besides whether it needs a gradient (all tensors).</summary>
        protected abstract IEnumerable<string> CapturedInput(string input);

        protected abstract string BackwardSummary { get; }

        /// <summary>The backward's statements for an input before the steps: its view, and its gradient buffer when it has one.</summary>
        protected abstract IEnumerable<string> PrepareInputGradient(string input, bool hasGradient);

        /// <summary>The statement copying the incoming gradient <c>g</c> into a gradient buffer.</summary>
        protected abstract string CopyGradient(string buffer);

        /// <summary>An input's gradient buffer as the kernels write it.</summary>
        protected abstract string InputGradientBuffer(string input);

        /// <summary>The statements declaring a layer's parameter gradients before its backward step.</summary>
        protected abstract IEnumerable<string> DeclareParameterGradients(GraphNode layer, IReadOnlyList<string> parameters);

        /// <summary>The statements that launch a kernel's backward.</summary>
        protected abstract IEnumerable<string> BackwardLaunch(BackwardStep step);

        /// <summary>What the backward returns for an input with a gradient, and for a parameter's gradient.</summary>
        protected abstract string InputGradientResult(string input);
        protected abstract string ParameterGradientResult(string gradient);

        /// <summary>
        /// Whether a training call records through its workspace: the call's state kept in workspace fields
        /// (<see cref="CallState"/>), the output, its autograd node and the returned gradient array reused every step
        /// (<c>ws.Record</c>, <c>ws.Gradients</c>), so a steady training step allocates nothing. Otherwise each call
        /// makes a new output and a closure over its state.
        /// </summary>
        protected virtual bool RecordsInWorkspace => false;

        /// <summary>The workspace field that keeps the call's local <paramref name="name"/> for the backward (prefixed, apart from the buffers' names).</summary>
        protected static string CallStateField(string name) => "call_" + name;

        /// <summary>The call's state the backward reads, as (type, local name): the layers, then each input's captured tensors and whether it needs a gradient.</summary>
        protected IEnumerable<(string Type, string Name)> CallState()
        {
            yield return ("CallLayers", "layers");
            foreach (var n in InputNames)
            {
                foreach (var c in CapturedInput(n)) yield return ("global::GraphGen.Tensor", c);
                yield return ("bool", BackwardPlanner.NeedName(n));
            }
        }

        // ---------------------------------------------------------------- the walk

        private void Lines(IEnumerable<string> lines)
        {
            foreach (var line in lines) W.Line(line);
        }

        protected void WriteCall()
        {
            var parameters = string.Join(", ", InputNames.Select(n => "global::GraphGen.Tensor " + n));
            Lines(CallSummary);
            using (W.OpenBlock($"private global::GraphGen.Tensor? {CallEmitter.CompiledCall(Suffix)}({parameters}, CallLayers layers)"))
            {
                Lines(DeviceCheck());
                W.Line();
                W.Line($"var sizes = ResolveCallSizes({string.Join(", ", InputNames)}, layers);");
                W.Line($"var ws = {RentWorkspace};");
                foreach (var n in InputNames) Lines(PrepareInput(n));
                W.Line();
                foreach (var k in Plan.Kernels) Lines(ForwardLaunch(k));
                W.Line();

                var outputNode = Graph.Nodes[Graph.Output];
                string shape = string.Join(", ", outputNode.Shape.Dims.Select(d => Names.Dim(d, "sizes.")));
                string valuesAndShape = Value(Graph.Output) + (shape.Length > 0 ? ", " + shape : "");
                var autogradInputs = InputNames.Concat(Parameterized.SelectMany(l => CodeNames.Parameters(l).Select(p => $"layers.{LayerOf(l)}.{p}")));
                if (RecordsInWorkspace) WriteWorkspaceRecording(valuesAndShape, Value(Graph.Output), shape, autogradInputs);
                else WriteClosureRecording(valuesAndShape, autogradInputs);
            }

            W.Line();
        }

        /// <summary>The end of a Call that makes a new output and a closure over its state for autograd.</summary>
        private void WriteClosureRecording(string valuesAndShape, IEnumerable<string> autogradInputs)
        {
            W.Line($"var output = {Output(valuesAndShape)};");
            // Under no_grad (inference) nothing is recorded, so the autograd inputs are not gathered.
            W.Line($"var inputs = global::GraphGen.Autograd.IsGradEnabled ? new global::GraphGen.Tensor?[] {{ {string.Join(", ", autogradInputs)} }} : null;");
            using (W.OpenBlock("if (inputs is null || !global::GraphGen.Compiled.CompiledCall.NeedsGradient(inputs))"))
            {
                W.Line($"{WorkspacePool}.Return(ws);");
                W.Line("return output;");
            }

            W.Line();
            W.Line("// The backward below runs when autograd reaches this output; the workspace stays this call's until then.");
            foreach (var n in InputNames) W.Line($"bool {BackwardPlanner.NeedName(n)} = {n}.RequiresGrad;");
            W.Line("int generation = ws.Generation;");
            var captured = new List<string> { "g", "sizes", "ws", "generation", "layers" };
            foreach (var n in InputNames) captured.AddRange(CapturedInput(n).Append(BackwardPlanner.NeedName(n)));
            W.Line($"return global::GraphGen.Autograd.Function({GeneratedFile.Literal(Model.Name + "Backward")}, output, g => Backward{Suffix}({string.Join(", ", captured)}), inputs);");
        }

        /// <summary>The end of a Call that records through its workspace (<see cref="RecordsInWorkspace"/>).</summary>
        private void WriteWorkspaceRecording(string valuesAndShape, string values, string shape, IEnumerable<string> autogradInputs)
        {
            W.Line($"global::System.ReadOnlySpan<global::GraphGen.Tensor?> inputs = [{string.Join(", ", autogradInputs)}];");
            using (W.OpenBlock("if (!global::GraphGen.Compiled.CompiledCall.NeedsGradient(inputs))"))
            {
                W.Line($"var output = {Output(valuesAndShape)};");
                W.Line($"{WorkspacePool}.Return(ws);");
                W.Line("return output;");
            }

            W.Line();
            W.Line($"// Backward{Suffix} runs when autograd reaches the output; until then the workspace is this call's and holds what it reads.");
            W.Line($"ws.{CallStateField("layers")} = layers;");
            foreach (var n in InputNames)
            {
                foreach (var c in CapturedInput(n)) W.Line($"ws.{CallStateField(c)} = {c};");
                W.Line($"ws.{CallStateField(BackwardPlanner.NeedName(n))} = {n}.RequiresGrad;");
            }

            W.Line($"return ws.Record({GeneratedFile.Literal(Model.Name + "Backward")}, {values}, inputs{(shape.Length > 0 ? ", " + shape : "")});");
        }

        protected void WriteBackward()
        {
            var parameters = new List<string> { "global::GraphGen.Tensor g", "CallSizes sizes", $"{WorkspaceType} ws", "int generation", "CallLayers layers" };
            foreach (var n in InputNames)
                parameters.AddRange(CapturedInput(n).Select(c => "global::GraphGen.Tensor " + c).Append($"bool {BackwardPlanner.NeedName(n)}"));
            if (RecordsInWorkspace) parameters = new List<string> { "global::GraphGen.Tensor g", $"{WorkspaceType} ws" };
            W.Line($"/// <summary>{BackwardSummary}</summary>");
            using (W.OpenBlock($"private global::GraphGen.Tensor?[] Backward{Suffix}({string.Join(", ", parameters)})"))
            {
                if (RecordsInWorkspace)
                {
                    W.Line($"ws.EnsureGeneration(ws.RecordedGeneration, {GeneratedFile.Literal(Model.Name)});");
                    W.Line("var sizes = ws.Sizes;");
                    foreach (var (type, name) in CallState())
                        W.Line(type == "bool" ? $"bool {name} = ws.{CallStateField(name)};" : $"var {name} = ws.{CallStateField(name)}!;");
                }
                else
                {
                    W.Line($"ws.EnsureGeneration(generation, {GeneratedFile.Literal(Model.Name)});");
                }

                W.Line("ws.EnsureGradients();");
                for (int i = 0; i < Graph.Inputs.Count; i++)
                    Lines(PrepareInputGradient(Names.Input(Graph.Inputs[i].Name), Backward.InputsWithGradient.Contains(i)));

                var outputSlot = Plan.OutputSlot;
                if (outputSlot.IsInput)
                {
                    string n = Names.Input(Graph.Inputs[outputSlot.Input!.Value].Name);
                    W.Line($"if ({n}_grad is not null) {CopyGradient(InputGradientBuffer(n))}");
                }
                else
                {
                    W.Line(CopyGradient($"ws.d_{outputSlot.Name}"));
                }

                var targets = new HashSet<int>();
                foreach (var step in Backward.Steps)
                {
                    if (step.Needed.IsNever) continue;
                    var layer = step.Kernel.First;
                    var layerParameters = CodeNames.Parameters(layer);
                    if (layerParameters.Count > 0)
                    {
                        Lines(DeclareParameterGradients(layer, layerParameters));
                        targets.Add(layer.Id);
                    }

                    bool guarded = step.Needed.IsConditional;
                    if (guarded) W.OpenBlock($"if ({step.Needed.Code})");
                    Lines(BackwardLaunch(step));
                    if (guarded) W.CloseBlock();
                }

                W.Line();
                if (RecordsInWorkspace)
                {
                    W.Line("// The workspace keeps no reference to this call's tensors while it waits in the pool.");
                    foreach (var (type, name) in CallState())
                        if (type != "bool") W.Line($"ws.{CallStateField(name)} = null;");
                }

                W.Line($"{WorkspacePool}.Return(ws);");
                var grads = new List<string>();
                for (int i = 0; i < Graph.Inputs.Count; i++)
                    grads.Add(Backward.InputsWithGradient.Contains(i) ? InputGradientResult(Names.Input(Graph.Inputs[i].Name)) : "null");
                foreach (var l in Parameterized)
                    grads.AddRange(CodeNames.Parameters(l).Select(p => targets.Contains(l.Id) ? ParameterGradientResult(CodeNames.ParameterGradient(l, p)) : "null"));
                W.Line(RecordsInWorkspace ? "return ws.Gradients(" : "return new global::GraphGen.Tensor?[]");
                if (!RecordsInWorkspace) W.Line("{");
                for (int i = 0; i < grads.Count; i++)
                    W.Line("    " + grads[i] + (RecordsInWorkspace ? (i + 1 < grads.Count ? "," : ");") : ","));
                if (!RecordsInWorkspace) W.Line("};");
            }

            W.Line();
        }
    }
}
