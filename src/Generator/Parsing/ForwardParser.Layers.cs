using System.Collections.Generic;
using GraphGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Parsing
{
    /// <summary>Which layer a call in Forward is made on: a layer field, or a layer inside a Sequential field (<c>pipe[0]</c>).</summary>
    internal sealed partial class ForwardParser
    {
        /// <summary>The argument of a LayerCall step holding the Sequential indices, outermost first (<c>pipe[1][0]</c>: 1, 0).</summary>
        public const string LayerIndexArgument = "index";

        /// <summary>Locals naming a layer (<c>var block = pipe[2];</c>).</summary>
        private readonly Dictionary<ISymbol, LayerTarget> _layerLocals = new(SymbolEqualityComparer.Default);

        /// <summary>A layer field and the Sequential indices into it; <see cref="Indices"/> is null after an index was reported.</summary>
        private sealed record LayerTarget(string Field, List<ValueSpec>? Indices);

        /// <summary>A local naming a layer of this module: recorded (or reported, for a malformed index) and true; false otherwise.</summary>
        private bool TryDeclareLayerLocal(ILocalSymbol local, IOperation value)
        {
            if (!_types.IsLayerType(local.Type) || LayerReference(value) is not { } target) return false;
            if (target.Indices is not null) _layerLocals[local] = target;
            return true;
        }

        /// <summary>
        /// <c>fc1</c>, <c>this.fc1</c>, a local naming a layer, <c>pipe[0]</c> or <c>((Sequential)pipe[1])[0]</c> on a layer field of this module; null
        /// when <paramref name="instance"/> is something else.
        /// </summary>
        private LayerTarget? LayerReference(IOperation instance)
        {
            var indices = new List<IOperation>();
            var current = ValueParser.Unwrap(instance);
            while (current is IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } sequential } indexer
                   && indexer.Property.ContainingType?.Name == "Sequential" && indexer.Arguments.Length == 1)
            {
                indices.Insert(0, indexer.Arguments[0].Value);
                current = ValueParser.Unwrap(sequential);
            }

            LayerTarget? start = current switch
            {
                IFieldReferenceOperation { Instance: IInstanceReferenceOperation } field when _layerFields.Contains(field.Field.Name) => new LayerTarget(field.Field.Name, new List<ValueSpec>()),
                ILocalReferenceOperation local when _layerLocals.TryGetValue(local.Local, out var alias) => alias,
                _ => null,
            };
            if (start?.Indices is null) return start;
            var values = new List<ValueSpec>(start.Indices);
            foreach (var index in indices)
            {
                var value = index.ConstantValue is { HasValue: true, Value: int } ? ValueParser.Parse(index, _moduleType)
                    : ValueParser.Unwrap(index) is ILocalReferenceOperation l && _sizes.TryGetValue(l.Local, out var local) && local.IsInteger ? local
                    : null;
                if (value is null)
                {
                    Unsupported(index.Syntax, index.Syntax.ToString(), "a Sequential's layer is picked with a constant index (pipe[0].Call(x))", expression: true);
                    return new LayerTarget(start.Field, null);
                }

                values.Add(value);
            }

            return new LayerTarget(start.Field, values);
        }
    }
}
