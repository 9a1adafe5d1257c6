using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Model;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Graph
{
    /// <summary>Forward's inputs: their shapes (declared by [Shape] or decided by the first reader), their size symbols, and index inputs.</summary>
    internal sealed partial class GraphBuilder
    {
        /// <summary>
        /// The symbols read from the inputs and layers, where an input that its first reader gave a rank (<see cref="ShapeContext.ExpandInput"/>)
        /// has its sizes past the batch (<c>x.channels</c>, <c>H</c>, <c>W</c>) instead of its features.
        /// </summary>
        private IEnumerable<SymbolSource> InputSymbols()
        {
            foreach (var symbol in _symbols)
            {
                var expanded = symbol.Kind == SymbolSourceKind.FeaturesOf ? _shapes.ExpandedInputs.FirstOrDefault(e => _nodes[e.Key].Label == symbol.Subject) : default;
                if (expanded.Value is null)
                {
                    yield return symbol;
                    continue;
                }

                for (int d = 1; d < expanded.Value.Rank; d++)
                    yield return new SymbolSource(expanded.Value[d].AsSymbol!, SymbolSourceKind.DimOf, symbol.Subject, d.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        private static IEnumerable<GraphNode> ReadersOf(List<GraphNode> nodes, int id) => nodes.Where(n => n.Inputs.Any(i => i == id));

        /// <summary>
        /// GG0122: an input that an Embedding reads holds integer indices, so no other op may read it (as floats) nor may
        /// it be the output. Reported at each Embedding that reads such an input.
        /// </summary>
        private bool IndexInputsAreOnlyIndices(int output)
        {
            bool ok = true;
            foreach (var input in _inputs)
            {
                var readers = ReadersOf(_nodes, input.NodeId).ToList();
                var floatReader = readers.FirstOrDefault(n => n.Op != "Embedding");
                if (floatReader is null && input.NodeId != output) continue;
                string other = floatReader is null ? "returned as the output" : $"read as floats by '{floatReader.Label}'";
                foreach (var embedding in readers.Where(n => n.Op == "Embedding"))
                {
                    _diagnostics.Add(EmbeddingOp.NotInteger(embedding, input.Name, "a Forward input also " + other).ToDiagnostic(_locations[embedding.Id]));
                    ok = false;
                }
            }

            return ok;
        }

        /// <summary>An input read only by View/Reshape/Flatten may have any rank: its data is just rows of features.</summary>
        private static bool IsOnlyReshaped(List<GraphNode> nodes, int input, int output) =>
            input != output && ReadersOf(nodes, input).All(n => OpRegistry.Get(n.Op).Category == OpCategory.View);

        /// <summary>
        /// A Forward input: [B, the declared per-sample shape] with <c>[Shape(..)]</c>; otherwise [B, features], the features
        /// bound by its first reader (a Linear), or the whole shape decided by it (a Conv2d: <see cref="ShapeContext.ExpandInput"/>).
        /// </summary>
        private int AddInput(ForwardOp op, string module)
        {
            string name = op.Name, batch = SymDim.Batch;
            if (_inputs.Count == 0) _symbols.Add(new SymbolSource(batch, SymbolSourceKind.BatchOf, name, ""));
            var declared = op.Args.FirstOrDefault(a => a.Name == InputShapeArgument.Name)?.Values;
            SymShape shape;
            if (declared is { } dims)
            {
                if (dims.Count == 0 || dims.Any(d => !d.IsInteger || d.Number < 1))
                {
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidForwardSignature, op.Location, module,
                        $"'{name}' declares [Shape({string.Join(", ", dims.Select(d => d.Text))})]; a declared shape gives one or more sizes of at least 1 per sample (without the batch dimension)"));
                    _failed = true;
                }

                shape = new SymShape(new[] { SymDim.Symbol(batch) }.Concat(dims.Select(d => SymDim.Const((long)d.Number))).ToEquatableArray());
            }
            else
            {
                string features = name + ".features";
                _symbols.Add(new SymbolSource(features, SymbolSourceKind.FeaturesOf, name, ""));
                shape = SymShape.Of(SymDim.Symbol(batch), _shapes.Unknown(features));
            }

            int id = _nodes.Count;
            _nodes.Add(new GraphNode(id, "Input", EquatableArray<int>.Empty, NodeAttributes.None, shape, UniqueName(name), name, null));
            _inputs.Add(new GraphInput(id, name, false, declared is not null));
            return id;
        }
    }
}
