using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Graph
{
    /// <summary>
    /// The state of symbolic shape inference while the graph is built: bindings of unknown sizes (an
    /// input's feature count, bound by the first Linear that reads it), the diagnostics found, and the
    /// checks that only run time can decide. Ops call <see cref="RequireEqual"/> from their shape rules.
    /// </summary>
    internal sealed class ShapeContext
    {
        private readonly Dictionary<string, SymDim> _bindings = new();
        private readonly HashSet<string> _unknowns = new();
        private readonly List<RuntimeCheck> _checks = new();
        private readonly List<GraphNode> _nodes;

        public ShapeContext(List<GraphNode> nodes, List<DiagnosticInfo> diagnostics)
        {
            _nodes = nodes;
            Diagnostics = diagnostics;
        }

        public List<DiagnosticInfo> Diagnostics { get; }

        public IReadOnlyList<RuntimeCheck> Checks => _checks;

        /// <summary>Where the node being inferred comes from in source (diagnostics point there).</summary>
        public LocationInfo? Location { get; set; }

        public bool HasErrors { get; private set; }

        public GraphNode Node(int id) => _nodes[id];

        /// <summary>Declares an unknown size that the first constraint on it will bind.</summary>
        public SymDim Unknown(string name)
        {
            _unknowns.Add(name);
            return SymDim.Symbol(name);
        }

        public bool IsUnbound(string symbol) => _unknowns.Contains(symbol) && !_bindings.ContainsKey(symbol);

        public SymDim Resolve(SymDim dim) => dim.Substitute(s => _bindings.TryGetValue(s, out var b) ? Resolve(b) : null);

        public SymShape Resolve(SymShape shape) => new(shape.Dims.Select(Resolve).ToEquatableArray());

        public void Report(CheckMessage message)
        {
            Diagnostics.Add(message.ToDiagnostic(Location));
            HasErrors = true;
        }

        /// <summary>
        /// Requires <paramref name="actual"/> to equal <paramref name="expected"/>. Equal: fine. An unbound
        /// unknown: bound, plus a runtime check (the input must really have that size). Two different
        /// constants: the diagnostic, now. Otherwise (symbols): a runtime check with the same message.
        /// </summary>
        public bool RequireEqual(SymDim expected, SymDim actual, CheckMessage message)
        {
            var e = Resolve(expected);
            var a = Resolve(actual);
            if (e.Equals(a)) return true;
            if (e.IsConstant && a.IsConstant)
            {
                Report(message);
                return false;
            }

            var parts = message.ToParts();
            if (a.AsSymbol is { } unboundA && IsUnbound(unboundA)) _bindings[unboundA] = e;
            else if (e.AsSymbol is { } unboundE && IsUnbound(unboundE)) _bindings[unboundE] = a;
            _checks.Add(new RuntimeCheck(message.Descriptor.Id, a, e, parts));
            return true;
        }

        /// <summary>Binds an unbound unknown directly (View(-1, 784) of an input decides its features) with a runtime check.</summary>
        public void Bind(string unknown, SymDim value, CheckMessage message)
        {
            var parts = message.ToParts();
            _bindings[unknown] = value;
            _checks.Add(new RuntimeCheck(message.Descriptor.Id, SymDim.Symbol(unknown), value, parts));
        }

        /// <summary>
        /// The node that decided <paramref name="id"/>'s feature count, looking through ops that keep the
        /// shape (activations, dropout, scaling): what a "produces [B, 5]" message should name.
        /// </summary>
        public GraphNode Origin(int id)
        {
            var node = _nodes[id];
            while (node.Inputs.Count >= 1 && Ops.OpRegistry.Get(node.Op).PreservesShape && _nodes[node.Inputs[0]].Shape.Equals(node.Shape))
                node = _nodes[node.Inputs[0]];
            return node;
        }

        /// <summary>The checks with their symbols resolved as far as inference got (for emission).</summary>
        public IEnumerable<RuntimeCheck> ResolvedChecks() => _checks.Select(c => c with { Right = Resolve(c.Right) });
    }
}
