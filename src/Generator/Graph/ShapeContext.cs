using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Graph
{
    /// <summary>
    /// The state of symbolic shape inference while the graph is built: bindings of unknown sizes (an
    /// input's feature count, bound by the first Linear that reads it), quotients that only run time can
    /// compute (a View's -1), the diagnostics found, and the checks that only run time can decide. Ops call
    /// <see cref="RequireEqual"/> and <see cref="Quotient"/> from their shape rules.
    /// </summary>
    internal sealed class ShapeContext
    {
        private readonly Dictionary<string, SymDim> _bindings = new();
        private readonly HashSet<string> _unknowns = new();
        private readonly List<RuntimeCheck> _checks = new();
        private readonly Dictionary<string, (SymDim Numerator, SymDim Denominator)> _quotients = new();
        private readonly List<(string Symbol, RuntimeCheck Check)> _quotientChecks = new();
        private readonly List<GraphNode> _nodes;
        private readonly List<SymbolSource> _spatial = new();
        private readonly Dictionary<int, SymShape> _expandedInputs = new();

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

        public SymDim Resolve(SymDim dim) => dim.Substitute(Lookup);

        /// <summary>A symbol's value as far as inference knows it: its binding, or its quotient once that divides exactly.</summary>
        private SymDim? Lookup(string symbol)
        {
            if (_bindings.TryGetValue(symbol, out var bound)) return Resolve(bound);
            if (_quotients.TryGetValue(symbol, out var q)) return Resolve(q.Numerator).DividedBy(Resolve(q.Denominator));
            return null;
        }

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

        /// <summary>
        /// <paramref name="numerator"/> / <paramref name="denominator"/> as a dimension (a View's -1): the exact quotient
        /// when one divides the other; else a new symbol that the compiled code computes and checks to divide (an
        /// input's unknown features, a constructor parameter), named by its formula: <c>(B*x.features/3)</c>. A quotient
        /// of constants that is not whole, or one that is whole only for some batch sizes (<c>20*B/7</c>), is reported
        /// with <paramref name="notWhole"/> and gives null.
        /// </summary>
        public SymDim? Quotient(SymDim numerator, SymDim denominator, CheckMessage notWhole)
        {
            var (n, d) = Expand(Resolve(numerator), Resolve(denominator));
            (n, d) = SymDim.CancelCommonFactors(n, d);
            if (d.Equals(SymDim.Const(1))) return n;
            if (d.IsConstant && n.Symbols.All(s => s == SymDim.Batch))
            {
                Report(notWhole);
                return null;
            }

            string name = "(" + n + "/" + (d.IsConstant || (d.Coef == 1 && d.Symbols.Count == 1) ? d.ToString() : "(" + d + ")") + ")";
            var symbol = SymDim.Symbol(name);
            if (!_quotients.ContainsKey(name))
            {
                _quotients[name] = (n, d);
                _quotientChecks.Add((name, new RuntimeCheck(notWhole.Descriptor.Id, n, d.Times(symbol), notWhole.ToParts())));
            }

            return symbol;
        }

        /// <summary>The quotients that inference could not resolve, over the sizes they are computed from (for emission).</summary>
        public IEnumerable<(string Symbol, SymDim Numerator, SymDim Denominator)> RuntimeQuotients() =>
            _quotients.Where(q => Lookup(q.Key) is null).Select(q => (q.Key, Resolve(q.Value.Numerator), Resolve(q.Value.Denominator)));

        /// <summary>A fraction with every unresolved quotient symbol replaced by its own numerator and denominator.</summary>
        private (SymDim, SymDim) Expand(SymDim numerator, SymDim denominator)
        {
            var n = SymDim.Const(numerator.Coef);
            var d = SymDim.Const(denominator.Coef);
            foreach (var s in numerator.Symbols)
            {
                if (_quotients.TryGetValue(s, out var q)) (n, d) = (n.Times(Resolve(q.Numerator)), d.Times(Resolve(q.Denominator)));
                else n = n.Times(SymDim.Symbol(s));
            }

            foreach (var s in denominator.Symbols)
            {
                if (_quotients.TryGetValue(s, out var q)) (n, d) = (n.Times(Resolve(q.Denominator)), d.Times(Resolve(q.Numerator)));
                else d = d.Times(SymDim.Symbol(s));
            }

            return (n, d);
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

        /// <summary>
        /// Gives an undeclared input its rank from its first reader: a Conv2d reading a [B, features] input whose features
        /// nothing has bound yet makes it [B, C, H, W], C an unknown the reader binds (its in_channels) and H, W symbols the
        /// compiled code reads from the input (named <c>H</c>, <c>W</c> for the first input, <c>x2.H</c> for others).
        /// Null when the input already has a meaning (declared, or bound by an earlier reader).
        /// </summary>
        public SymShape? ExpandInput(int id, IReadOnlyList<string> spatial)
        {
            var node = _nodes[id];
            if (node.Op != "Input" || node.Shape.Rank != 2 || node.Shape[1].AsSymbol is not { } features || !IsUnbound(features)) return null;
            string prefix = id == 0 ? "" : node.Label + ".";
            var dims = new List<SymDim> { node.Shape[0], Unknown(node.Label + ".channels") };
            dims.AddRange(spatial.Select(s => SymDim.Symbol(prefix + s)));
            var shape = new SymShape(dims.ToEquatableArray());
            _nodes[id] = node with { Shape = shape };
            _expandedInputs[id] = shape;
            return shape;
        }

        /// <summary>The inputs that <see cref="ExpandInput"/> gave a rank, with their new shapes.</summary>
        public IReadOnlyDictionary<int, SymShape> ExpandedInputs => _expandedInputs;

        /// <summary>
        /// Requires <paramref name="value"/> ≥ <paramref name="minimum"/> (a spatial size that must hold a kernel, an output
        /// that must not be empty): a constant that is smaller is the diagnostic, now; a symbol is checked at run time with
        /// the same message.
        /// </summary>
        public bool RequireAtLeast(SymDim value, long minimum, CheckMessage message)
        {
            var v = Resolve(value);
            if (v.IsConstant)
            {
                if (v.Coef >= minimum) return true;
                Report(message);
                return false;
            }

            _checks.Add(new RuntimeCheck(message.Descriptor.Id, v, SymDim.Const(minimum), message.ToParts(), AtLeast: true));
            return true;
        }

        /// <summary>
        /// A convolution's or pool's output size along one spatial dimension, PyTorch's ⌊(in + 2·pad − dilation·(kernel − 1) − 1) /
        /// stride⌋ + 1 (⌈…⌉ in ceil mode, where the last window must start inside the input or the left padding). A constant
        /// input gives a constant. Otherwise the floor formulas compose (⌊⌊x/a⌋/b⌋ = ⌊x/ab⌋, ⌊x/a⌋ + c = ⌊(x + ca)/a⌋), so a
        /// chain of them is one runtime symbol named by its formula, <c>(H-4)/2</c>; a ceil-mode pool gets a symbol of its own.
        /// </summary>
        public SymDim Window(SymDim input, long kernel, long stride, long pad, long dilation, bool ceil)
        {
            var x = Resolve(input);
            long offset = 2 * pad - dilation * (kernel - 1) - 1;
            if (x.IsConstant) return SymDim.Const(WindowCount(x.Coef, offset, stride, pad, ceil));
            // With stride 1 a ceil-mode window count is the floor one (the last window always starts inside the input).
            if (ceil && stride > 1)
            {
                string ceilName = $"ceil(({Affine(x.ToString(), offset)})/{stride})+1";
                return SpatialSymbol(new SymbolSource(ceilName, SymbolSourceKind.CeilPool, "", "", x, null, 0,
                    new EquatableArray<long>(new[] { kernel, stride, pad, dilation })));
            }

            var (baseDim, baseOffset, divisor) = AffineOf(x);
            long newOffset = baseOffset + (offset + stride) * divisor, newDivisor = divisor * stride;
            if (newDivisor == 1 && newOffset == 0) return baseDim;
            string name = Affine(baseDim.Symbols.Count == 1 && baseDim.Coef == 1 ? baseDim.ToString() : "(" + baseDim + ")", newOffset);
            if (newDivisor != 1) name = (newOffset == 0 ? name : "(" + name + ")") + "/" + newDivisor;
            else if (newOffset != 0) name = "(" + name + ")";
            return SpatialSymbol(new SymbolSource(name, SymbolSourceKind.Spatial, "", "", baseDim, SymDim.Const(newDivisor), newOffset));
        }

        /// <summary>The spatial symbols <see cref="Window"/> created, in order (each computed from the ones before it).</summary>
        public IReadOnlyList<SymbolSource> SpatialSymbols => _spatial;

        /// <summary>A symbolic size as ⌊(base + offset) / divisor⌋: itself over 1, unless it is a spatial symbol.</summary>
        private (SymDim Base, long Offset, long Divisor) AffineOf(SymDim x)
        {
            if (x.AsSymbol is { } symbol && _spatial.FirstOrDefault(s => s.Symbol == symbol && s.Kind == SymbolSourceKind.Spatial) is { } source)
                return (source.Numerator!, source.Offset, source.Denominator!.Coef);
            return (x, 0, 1);
        }

        private SymDim SpatialSymbol(SymbolSource source)
        {
            if (_spatial.All(s => s.Symbol != source.Symbol)) _spatial.Add(source);
            return SymDim.Symbol(source.Symbol);
        }

        private static string Affine(string x, long offset) =>
            offset == 0 ? x : x + (offset > 0 ? "+" : "-") + System.Math.Abs(offset).ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>PyTorch's output-size formula on constants (pooling_output_shape; a convolution is the floor case).</summary>
        private static long WindowCount(long input, long offset, long stride, long pad, bool ceil)
        {
            long span = input + offset + (ceil ? stride - 1 : 0);
            long size = FloorDiv(span, stride) + 1;
            if (ceil && (size - 1) * stride >= input + pad) size--;
            return size;
        }

        private static long FloorDiv(long a, long b) => a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);

        /// <summary>The checks with their symbols resolved as far as inference got (for emission).</summary>
        public IEnumerable<RuntimeCheck> ResolvedChecks() => _checks
            .Concat(_quotientChecks.Where(q => Lookup(q.Symbol) is null).Select(q => q.Check))
            .Select(c => c with { Right = Resolve(c.Right) });
    }
}
