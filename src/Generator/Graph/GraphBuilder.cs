using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Model;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Graph
{
    /// <summary>
    /// Builds the static graph of a module's Forward and infers every node's shape on the way: layer calls
    /// are expanded (a Sequential into its children, a [Module] child inlined with its constructor arguments
    /// substituted), functional ops and arithmetic become nodes, and each op's shape rule runs as its node
    /// is added. Diagnostics point at the Forward expression (or, for inlined children, the call site).
    /// </summary>
    internal sealed partial class GraphBuilder
    {
        private readonly List<GraphNode> _nodes = new();
        private readonly List<DiagnosticInfo> _diagnostics;
        private readonly ShapeContext _shapes;
        private readonly Dictionary<string, LayerRef> _layers = new();
        private readonly List<SymbolSource> _symbols = new();
        private readonly HashSet<string> _names = new();
        private readonly List<GraphInput> _inputs = new();
        private readonly Dictionary<int, LocationInfo?> _locations = new();
        private readonly HashSet<int> _sizedInputs = new();
        private readonly List<(string Symbol, string Label, LocationInfo? Location)> _parameterSizes = new();
        private bool _failed;

        private GraphBuilder(List<DiagnosticInfo> diagnostics)
        {
            _diagnostics = diagnostics;
            _shapes = new ShapeContext(_nodes, diagnostics);
        }

        /// <summary>The graph of <paramref name="spec"/>'s Forward, or null when a diagnostic stopped it.</summary>
        public static ModuleGraph? Build(ModuleSpec spec, List<DiagnosticInfo> diagnostics)
        {
            if (spec.Forward is null) return null;
            var builder = new GraphBuilder(diagnostics);
            var scope = new ModuleScope(spec, "", "this.", null, null, "", dim => dim);
            var inputs = new List<int>();
            foreach (var name in spec.Forward.Inputs) inputs.Add(builder.AddInput(spec.Forward.Ops.First(o => o.Kind == ForwardOpKind.Input && o.Name == name), spec.Name));
            int output = builder.Inline(scope, inputs);
            if (builder._failed || builder._shapes.HasErrors || output < 0 || !builder.ParameterSizesAreKnown() || !builder.IndexInputsAreOnlyIndices(output)) return null;
            return builder.Finish(output);
        }

        /// <summary>
        /// GG0206: a constructor parameter used as a size in Forward must reach the compiled code, which reads it from
        /// a Linear that takes it (the module does not keep its constructor's arguments).
        /// </summary>
        private bool ParameterSizesAreKnown()
        {
            bool known = true;
            foreach (var (symbol, label, location) in _parameterSizes)
            {
                if (_symbols.Any(s => s.Symbol == symbol)) continue;
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ParameterSizeUnknown, location, label, symbol));
                known = false;
            }

            return known;
        }

        private ModuleGraph Finish(int output)
        {
            var nodes = _nodes.Select(n => n with { Shape = _shapes.Resolve(n.Shape), Attributes = ResolveAttributes(n.Attributes) }).ToList();
            var inputs = _inputs.Select(i => i with
            {
                AnyRank = !i.Declared && IsOnlyReshaped(nodes, i.NodeId, output) && !_sizedInputs.Contains(i.NodeId),
                Indices = ReadersOf(nodes, i.NodeId).Any(n => n.Op == "Embedding"),
            }).ToEquatableArray();
            bool unbatchable = inputs.Count == 1 && nodes[output].Shape.Rank >= 1 && nodes[output].Shape[0].Equals(SymDim.Symbol(SymDim.Batch))
                && nodes.All(n => OpRegistry.Get(n.Op).WorksUnbatched(n));
            bool flattensLeadingDims = unbatchable && nodes.All(n => OpRegistry.Get(n.Op).WorksOnLeadingDims(n));
            // Quotients come last: they are computed from the other sizes.
            var quotients = _shapes.RuntimeQuotients().Select(q => new SymbolSource(q.Symbol, SymbolSourceKind.Quotient, "", "", q.Numerator, q.Denominator));
            var spatial = _shapes.SpatialSymbols.Select(p => p with { Numerator = _shapes.Resolve(p.Numerator!) });
            return new ModuleGraph(nodes.ToEquatableArray(), inputs, output, InputSymbols().Concat(spatial).Concat(quotients).ToEquatableArray(),
                _shapes.ResolvedChecks().Distinct().ToEquatableArray(), _layers.Values.OrderBy(l => l.Path, System.StringComparer.Ordinal).ToEquatableArray(), unbatchable, flattensLeadingDims);
        }

        private NodeAttributes ResolveAttributes(NodeAttributes a) => a with { Dims = a.Dims.Select(_shapes.Resolve).ToEquatableArray() };

        /// <summary>Adds the nodes of <paramref name="scope"/>'s Forward applied to <paramref name="inputs"/>; returns the result node.</summary>
        private int Inline(ModuleScope scope, IReadOnlyList<int> inputs)
        {
            var forward = scope.Spec.Forward!;
            var values = new Dictionary<int, int>();
            int next = 0;
            foreach (var op in forward.Ops)
            {
                if (_failed) return -1;
                if (op.Kind == ForwardOpKind.Input)
                {
                    values[op.Id] = inputs[next++];
                    continue;
                }

                var operands = op.Inputs.Select(i => values[i]).ToList();
                int id = AddOp(scope, op, operands, values);
                if (id < 0) return -1;
                values[op.Id] = id;
            }

            return values[forward.Result];
        }

        private int AddOp(ModuleScope scope, ForwardOp op, List<int> operands, Dictionary<int, int> values)
        {
            var location = scope.CallSite ?? op.Location;
            switch (op.Kind)
            {
                case ForwardOpKind.LayerCall:
                {
                    var field = scope.Spec.Fields.FirstOrDefault(f => f.Name == op.Name);
                    if (field?.Layer is null) return Fail();
                    // A field declared as another type (Module) is cast to reach a Sequential's indexer.
                    string access = field.Layer.Kind == LayerKind.Sequential && field.TypeName != "Sequential"
                        ? $"((global::GraphGen.Nn.Sequential){scope.Access}{field.Name})"
                        : scope.Access + field.Name;
                    var layer = field.Layer;
                    foreach (var index in op.Args.FirstOrDefault(a => a.Name == Parsing.ForwardParser.LayerIndexArgument)?.Values ?? EquatableArray<ValueSpec>.Empty)
                    {
                        string path = scope.PathPrefix + layer.Path;
                        if (layer.Kind != LayerKind.Sequential)
                            return Unsupported(location, op.Text, $"'{path}' is a {layer.TypeName}, not a Sequential, so it cannot be indexed");
                        int i = (int)index.Number < 0 ? (int)index.Number + layer.Children.Count : (int)index.Number;
                        if (i < 0 || i >= layer.Children.Count || layer.Children[i].Name != i.ToString(System.Globalization.CultureInfo.InvariantCulture))
                            return Unsupported(location, op.Text, $"index {index.Text} is out of range for the Sequential '{path}' of {layer.Children.Count} layers");
                        layer = layer.Children[i];
                        access = layer.Kind == LayerKind.Sequential ? $"((global::GraphGen.Nn.Sequential){access}[{i}])" : $"{access}[{i}]";
                    }

                    return CallLayer(scope, layer, access, operands, location, op.Text);
                }

                case ForwardOpKind.Function:
                case ForwardOpKind.Method:
                case ForwardOpKind.Binary:
                case ForwardOpKind.Negate:
                {
                    var definition = op.Kind switch
                    {
                        ForwardOpKind.Function => OpRegistry.ForFunction(op.Name),
                        ForwardOpKind.Method => OpRegistry.ForMethod(op.Name),
                        ForwardOpKind.Binary => OpRegistry.ForBinary(op.Name),
                        _ => OpRegistry.Get("Neg"),
                    };
                    if (definition is null)
                    {
                        string what = op.Kind == ForwardOpKind.Function ? $"F.{op.Name} is not compiled yet" : $"Tensor.{op.Name} is not compiled yet";
                        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedExpression, location, Shorten(op.Text), what, DiagnosticDescriptors.AllowedInForward));
                        return Fail();
                    }

                    BuildContext? context = null;
                    context = new BuildContext(op, null, Shorten(op.Text), location, v => ToDim(scope, values, v, context!),
                        scope.CallSite is null ? _diagnostics : new List<DiagnosticInfo>());
                    var attributes = definition.FromCall(context);
                    if (attributes is null || context.Failed) return Fail();
                    string label = scope.PathPrefix.Length == 0 ? Shorten(op.Text) : scope.PathPrefix.TrimEnd('.') + ": " + Shorten(op.Text);
                    return AddNode(definition, operands, attributes, OpName(definition.Name), label, null, location, scope);
                }

                default:
                    return Fail();
            }
        }

        /// <summary>Calls a layer object: one node for a built-in layer, its children for a Sequential, an inlined graph for a [Module].</summary>
        private int CallLayer(ModuleScope scope, LayerSpec layer, string access, List<int> operands, LocationInfo? location, string callText)
        {
            string path = scope.PathPrefix + layer.Path;
            switch (layer.Kind)
            {
                case LayerKind.Sequential:
                {
                    if (operands.Count != 1) return Unsupported(location, callText, "a Sequential takes one tensor");
                    int current = operands[0];
                    for (int i = 0; i < layer.Children.Count; i++)
                    {
                        var child = layer.Children[i];
                        // Children are Modules: a nested Sequential is cast to reach its indexer.
                        string childAccess = child.Kind == LayerKind.Sequential ? $"((global::GraphGen.Nn.Sequential){access}[{i}])" : $"{access}[{i}]";
                        current = CallLayer(scope, child, childAccess, new List<int> { current }, scope.CallSite ?? child.Location ?? location, callText);
                        if (current < 0) return -1;
                    }

                    return current;
                }

                case LayerKind.Identity:
                    return operands.Count == 1 ? operands[0] : Unsupported(location, callText, "Identity takes one tensor");

                case LayerKind.Module:
                {
                    if (layer.Module?.Forward is not { } childForward) return Fail();
                    if (childForward.Inputs.Count != operands.Count)
                        return Unsupported(location, callText, $"'{path}' takes {childForward.Inputs.Count} tensors");
                    var substitution = ChildSubstitution(scope, layer);
                    var childScope = new ModuleScope(layer.Module, path + ".", "", scope.CallSite ?? location,
                        scope.ChildRoot ?? access, scope.ChildRoot is null ? path + "." : scope.RootPrefix, substitution);
                    return Inline(childScope, operands);
                }

                case LayerKind.Unsupported:
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedLayerType, location, path, layer.TypeName, OpRegistry.SupportedLayers));
                    return Fail();

                default:
                {
                    var definition = OpRegistry.ForLayer(layer.TypeName);
                    if (definition is null) return Fail();
                    if (operands.Count != 1) return Unsupported(location, callText, $"{layer.TypeName} takes one tensor");
                    var context = new BuildContext(null, layer, path, location, scope.ToDim, scope.CallSite is null ? _diagnostics : new List<DiagnosticInfo>());
                    var attributes = definition.FromLayer(context);
                    if (attributes is null || context.Failed) return Fail();
                    int id = AddNode(definition, operands, attributes, path.Replace('.', '_'), path, path, location, scope);
                    if (id >= 0 && definition.ReadsLayer(_nodes[id])) RegisterLayer(scope, path, layer, access);
                    if (id >= 0) RecordLayerSymbols(path, definition, _nodes[id].Attributes);
                    return id;
                }
            }
        }

        /// <summary>
        /// A dimension argument in Forward: a constant or constructor parameter (<see cref="ModuleScope.ToDim"/>), or
        /// sizes read from tensors (<c>x.Size(0)</c>), looked up in the shapes inferred so far.
        /// </summary>
        private SymDim? ToDim(ModuleScope scope, Dictionary<int, int> values, ValueSpec value, BuildContext context)
        {
            if (value.Kind == ValueKind.Parameter && scope.ToDim(value) is { } parameter)
            {
                foreach (var symbol in parameter.Symbols) _parameterSizes.Add((symbol, context.Label, scope.CallSite ?? value.Location));
                return parameter;
            }

            if (value.Kind != ValueKind.Size) return scope.ToDim(value);
            var result = SymDim.Const((long)value.Number);
            foreach (var size in value.Sizes)
            {
                int node = values[size.Value];
                var shape = _shapes.Resolve(_nodes[node].Shape);
                int dim = size.Dim < 0 ? size.Dim + shape.Rank : size.Dim;
                if (dim < 0 || dim >= shape.Rank)
                {
                    int rank = System.Math.Max(shape.Rank, 1);
                    context.Report(new CheckMessage(DiagnosticDescriptors.DimOutOfRange, Shorten(size.Text), size.Dim, shape, shape.Rank, -rank, rank - 1),
                        scope.CallSite ?? size.Location);
                    return null;
                }

                // An input is seen as [B, features]: reading a size past the batch requires it to be exactly that at run time.
                if (dim > 0 && _inputs.Any(i => i.NodeId == node)) _sizedInputs.Add(node);
                result = result.Times(shape[dim]);
            }

            return result;
        }

        private int AddNode(OpDefinition definition, List<int> operands, NodeAttributes attributes, string name, string label, string? layerPath, LocationInfo? location, ModuleScope scope)
        {
            int id = _nodes.Count;
            var node = new GraphNode(id, definition.Name, operands.ToEquatableArray(), attributes, SymShape.Scalar, UniqueName(name), label, layerPath, scope.PathPrefix.TrimEnd('.'));
            _shapes.Location = location;
            var shape = definition.InferShape(_shapes, node, operands.Select(o => _shapes.Resolve(_nodes[o].Shape)).ToList());
            if (shape is null) return Fail();
            _nodes.Add(node with { Shape = shape });
            _locations[id] = location;
            return id;
        }

        /// <summary>A constructor-parameter dimension's runtime value is read from the first layer that holds it (<see cref="OpDefinition.DimensionMembers"/>).</summary>
        private void RecordLayerSymbols(string path, OpDefinition definition, NodeAttributes attributes)
        {
            var members = definition.DimensionMembers;
            for (int i = 0; i < members.Count && i < attributes.Dims.Count; i++)
                if (attributes.Dims[i].AsSymbol is { } symbol && symbol != SymDim.Batch && _symbols.All(s => s.Symbol != symbol))
                    _symbols.Add(new SymbolSource(symbol, SymbolSourceKind.LayerProperty, path, members[i]));
        }

        private void RegisterLayer(ModuleScope scope, string path, LayerSpec layer, string access)
        {
            string type = "global::GraphGen.Nn." + layer.TypeName;
            _layers[path] = new LayerRef(path, type, scope.LayerExpression(type, path, access));
        }

        /// <summary>The child's constructor parameters in terms of the parent's: <c>new Block(hidden)</c> maps features to hidden.</summary>
        private static System.Func<SymDim, SymDim> ChildSubstitution(ModuleScope parent, LayerSpec layer)
        {
            var map = new Dictionary<string, SymDim>();
            foreach (var arg in layer.Args)
                if (parent.ToDim(arg.Value) is { } d) map[arg.Name] = d;
            return dim => dim.Substitute(s => map.TryGetValue(s, out var v) ? v : SymDim.Symbol(layer.Path + "." + s));
        }

        private string UniqueName(string name)
        {
            string baseName = string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '_'));
            if (baseName.Length == 0 || char.IsDigit(baseName[0])) baseName = "n" + baseName;
            string candidate = baseName;
            for (int i = 2; !_names.Add(candidate); i++) candidate = baseName + "_" + i;
            return candidate;
        }

        private string OpName(string op) => op.ToLowerInvariant() + "_" + _nodes.Count;

        private int Unsupported(LocationInfo? location, string text, string why)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedExpression, location, Shorten(text), why, DiagnosticDescriptors.AllowedInForward));
            return Fail();
        }

        private int Fail()
        {
            _failed = true;
            return -1;
        }

        private static string Shorten(string text)
        {
            text = string.Join(" ", text.Split(new[] { ' ', '\r', '\n', '\t' }, System.StringSplitOptions.RemoveEmptyEntries));
            return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
        }
    }
}
