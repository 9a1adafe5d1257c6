using System.Collections.Generic;
using System.Threading;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Parsing
{
    /// <summary>
    /// Reads a layer's creation expression (<c>new Linear(numInputs, 5)</c>, <c>new Sequential(...)</c>,
    /// <c>new Block(16)</c>) into a <see cref="LayerSpec"/>, reporting arguments it cannot analyse.
    /// </summary>
    internal sealed class LayerParser
    {
        private readonly KnownTypes _types;
        private readonly INamedTypeSymbol _moduleType;
        private readonly List<DiagnosticInfo> _diagnostics;
        private readonly ModuleParser _modules;
        private readonly CancellationToken _ct;

        public LayerParser(KnownTypes types, INamedTypeSymbol moduleType, List<DiagnosticInfo> diagnostics, ModuleParser modules, CancellationToken ct)
        {
            _types = types;
            _moduleType = moduleType;
            _diagnostics = diagnostics;
            _modules = modules;
            _ct = ct;
        }

        /// <summary>Parses <paramref name="value"/> as the layer stored under <paramref name="name"/> (PyTorch path <paramref name="path"/>).</summary>
        public LayerSpec? Parse(IOperation value, string name, string path, string declaredType)
        {
            _ct.ThrowIfCancellationRequested();
            var creation = ValueParser.Unwrap(value) as IObjectCreationOperation;
            if (creation?.Type is not INamedTypeSymbol type)
            {
                if (value is IInvalidOperation || value.Syntax.ContainsDiagnostics) return null; // C# reports it
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerNotCreatedWithNew, LocationInfo.From(value.Syntax),
                    path, declaredType, value.Syntax.ToString()));
                return null;
            }

            var location = LocationInfo.From(creation.Syntax);
            var args = new List<ArgSpec>();
            var children = new List<LayerSpec>();
            var builtIn = KnownTypes.BuiltInLayer(type);
            var kind = builtIn ?? (_types.IsGeneratedModule(type) ? LayerKind.Module : LayerKind.Unsupported);

            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter is null) continue;
                if (kind == LayerKind.Sequential && argument.ArgumentKind == ArgumentKind.ParamArray)
                {
                    if (argument.Value is IArrayCreationOperation { Initializer: { } init })
                    {
                        int index = 0;
                        foreach (var element in init.ElementValues)
                        {
                            string childName = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                            var child = Parse(element, childName, path + "." + childName, "Module");
                            if (child is not null) children.Add(child);
                            index++;
                        }
                    }
                    continue;
                }

                var spec = ValueParser.Parse(argument.Value, _moduleType);
                if (argument.ArgumentKind == ArgumentKind.DefaultValue) spec = spec with { Location = location };
                args.Add(new ArgSpec(argument.Parameter.Name, new EquatableArray<ValueSpec>(new[] { spec })));
                if (spec.Kind == ValueKind.Unanalysable && IsDimension(kind, argument.Parameter))
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonConstantDimension, spec.Location,
                        kind == LayerKind.Module ? type.Name : kind.ToString(), path, argument.Parameter.Name, spec.Text));
            }

            var layer = new LayerSpec(name, path, kind, kind == LayerKind.Module ? type.ToDisplayString() : type.Name,
                args.ToEquatableArray(), children.ToEquatableArray(), null, location);
            CheckArguments(layer);
            if (kind == LayerKind.Module) layer = layer with { Module = _modules.ParseChild(type) };
            return layer;
        }

        /// <summary>Arguments that decide shapes: they must be constants or constructor parameters.</summary>
        private static bool IsDimension(LayerKind kind, IParameterSymbol parameter) => kind switch
        {
            LayerKind.Linear => parameter.Name is "inFeatures" or "outFeatures",
            LayerKind.Softmax or LayerKind.LogSoftmax => parameter.Name == "dim",
            LayerKind.Flatten => parameter.Name is "startDim" or "endDim",
            LayerKind.Module => parameter.Type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64,
            _ => false,
        };

        /// <summary>A literal Dropout p must lie in [0, 1].</summary>
        private void CheckArguments(LayerSpec layer)
        {
            if (layer.Kind == LayerKind.Dropout && layer.Arg("p") is { IsNumber: true } p && (p.Number < 0 || p.Number > 1))
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DropoutProbabilityOutOfRange, p.Location, layer.Path, p.Text));
        }
    }
}
