using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Model;
using GraphGen.Generator.Ops;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Parsing
{
    /// <summary>
    /// Reads a layer's creation expression (<c>new Linear(numInputs, 5)</c>, <c>new Sequential(...)</c>,
    /// <c>new Block(16)</c>) into a <see cref="LayerSpec"/>, reporting arguments it cannot analyse.
    /// </summary>
    /// <remarks>
    /// The generator sees the compilation without generated code, where a [Module] class is not yet a
    /// Module: <c>new Sequential(new Block(4))</c> does not bind there. Such creations are read by syntax,
    /// against the constructor the compiler would pick once the generated base exists.
    /// </remarks>
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
            var inner = ValueParser.Unwrap(value);
            if (inner is IObjectCreationOperation { Type: INamedTypeSymbol type } creation)
            {
                var arguments = creation.Arguments.Where(a => a.Parameter is not null)
                    .Select(a => new Argument(a.Parameter!, a.ArgumentKind == ArgumentKind.ParamArray && a.Value is IArrayCreationOperation { Initializer: { } init }
                        ? init.ElementValues.ToList()
                        : new List<IOperation> { a.Value }, a.ArgumentKind == ArgumentKind.DefaultValue, null))
                    .ToList();
                return Build(type, arguments, path, name, creation.Syntax);
            }

            if (inner is IInvalidOperation && inner.Syntax is BaseObjectCreationExpressionSyntax syntax && inner.SemanticModel is { } model
                && BySyntax(syntax, model) is { } parsed)
                return Build(parsed.Type, parsed.Arguments, path, name, syntax);

            if (value.Syntax.ContainsDiagnostics) return null; // a syntax error: the compiler reports it
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerNotCreatedWithNew, LocationInfo.From(value.Syntax),
                path, declaredType, value.Syntax.ToString()));
            return null;
        }

        /// <summary>A constructor argument: the parameter, its value(s) (several for a params array), or the parameter's default.</summary>
        private sealed record Argument(IParameterSymbol Parameter, List<IOperation> Values, bool IsDefault, object? Default);

        private LayerSpec Build(INamedTypeSymbol type, List<Argument> arguments, string path, string name, SyntaxNode creation)
        {
            var location = LocationInfo.From(creation);
            var builtIn = KnownTypes.BuiltInLayer(type);
            var kind = builtIn ?? (_types.IsGeneratedModule(type) ? LayerKind.Module : LayerKind.Unsupported);
            var args = new List<ArgSpec>();
            var children = new List<LayerSpec>();
            foreach (var (parameter, values, isDefault, defaultValue) in arguments)
            {
                if (kind == LayerKind.Sequential && parameter.IsParams)
                {
                    for (int i = 0; i < values.Count; i++)
                    {
                        string childName = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        if (Parse(values[i], childName, path + "." + childName, "Module") is { } child) children.Add(child);
                    }

                    continue;
                }

                if (values.Count > 1 || (values.Count == 0 && !isDefault)) continue;
                if (values.Count == 1 && ValueParser.Unwrap(values[0]) is ITupleOperation tuple)
                {
                    // A (height, width) size, kernelSize: (3, 2): one value per element.
                    args.Add(new ArgSpec(parameter.Name, tuple.Elements.Select(e => ValueParser.Parse(e, _moduleType)).ToEquatableArray()));
                    continue;
                }

                // An omitted argument is its parameter's default (a nullable struct's null default is no constant operation).
                var spec = values.Count == 1 && !(isDefault && parameter.HasExplicitDefaultValue)
                    ? ValueParser.Parse(values[0], _moduleType)
                    : ValueParser.FromConstant(values.Count == 1 ? parameter.ExplicitDefaultValue : defaultValue, location);
                if (isDefault) spec = spec with { Location = location };
                args.Add(new ArgSpec(parameter.Name, new EquatableArray<ValueSpec>(new[] { spec })));
                if (spec.Kind == ValueKind.Unanalysable && IsDimension(kind, type, parameter))
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonConstantDimension, spec.Location, type.Name, path, parameter.Name, spec.Text));
            }

            var layer = new LayerSpec(name, path, kind, kind == LayerKind.Module ? type.ToDisplayString() : type.Name,
                args.ToEquatableArray(), children.ToEquatableArray(), null, location);
            if (kind == LayerKind.Op) _diagnostics.AddRange(OpRegistry.ForLayer(type.Name)!.CheckLayer(layer));
            if (kind == LayerKind.Module) layer = layer with { Module = _modules.ParseChild(type) };
            return layer;
        }

        /// <summary>A creation that does not bind, read by syntax: its type, and its arguments matched to the constructor's parameters.</summary>
        private (INamedTypeSymbol Type, List<Argument> Arguments)? BySyntax(BaseObjectCreationExpressionSyntax syntax, SemanticModel model)
        {
            var type = model.GetTypeInfo(syntax, _ct).Type as INamedTypeSymbol
                       ?? (syntax is ObjectCreationExpressionSyntax o ? model.GetSymbolInfo(o.Type, _ct).Symbol as INamedTypeSymbol : null);
            if (type is null || type.TypeKind == TypeKind.Error) return null;
            var given = syntax.ArgumentList?.Arguments.ToList() ?? new List<ArgumentSyntax>();
            var constructor = type.InstanceConstructors
                .Where(c => c.DeclaredAccessibility == Accessibility.Public || SymbolEqualityComparer.Default.Equals(c.ContainingAssembly, _moduleType.ContainingAssembly))
                .FirstOrDefault(c => Fits(c, given));
            if (constructor is null) return null;

            var result = new List<Argument>();
            foreach (var parameter in constructor.Parameters)
            {
                var expressions = new List<ExpressionSyntax>();
                for (int i = 0; i < given.Count; i++)
                {
                    var a = given[i];
                    bool matches = a.NameColon is { } named
                        ? named.Name.Identifier.ValueText == parameter.Name
                        : i == parameter.Ordinal || (parameter.IsParams && i > parameter.Ordinal);
                    if (matches) expressions.Add(a.Expression);
                }

                if (expressions.Count == 0)
                {
                    if (parameter.IsParams) result.Add(new Argument(parameter, new List<IOperation>(), false, null));
                    else if (parameter.HasExplicitDefaultValue) result.Add(new Argument(parameter, new List<IOperation>(), true, parameter.ExplicitDefaultValue));
                    continue;
                }

                var operations = expressions.Select(e => model.GetOperation(e, _ct)).ToList();
                if (operations.Any(op => op is null)) return null;
                result.Add(new Argument(parameter, operations!, false, null));
            }

            return (type, result);
        }

        private static bool Fits(IMethodSymbol constructor, List<ArgumentSyntax> given)
        {
            var parameters = constructor.Parameters;
            bool hasParams = parameters.Length > 0 && parameters[parameters.Length - 1].IsParams;
            if (given.Count(a => a.NameColon is null) > parameters.Length && !hasParams) return false;
            if (given.Any(a => a.NameColon is { } n && parameters.All(p => p.Name != n.Name.Identifier.ValueText))) return false;
            return parameters.Where((p, i) => i >= given.Count && !p.HasExplicitDefaultValue && !p.IsParams)
                .All(p => given.Any(a => a.NameColon?.Name.Identifier.ValueText == p.Name));
        }

        /// <summary>Arguments that decide shapes (the op's <see cref="OpDefinition.ShapeArguments"/>, a child module's ints): constants or constructor parameters.</summary>
        private static bool IsDimension(LayerKind kind, INamedTypeSymbol type, IParameterSymbol parameter) => kind switch
        {
            LayerKind.Op => OpRegistry.ForLayer(type.Name)!.ShapeArguments.Contains(parameter.Name),
            LayerKind.Module => parameter.Type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64,
            _ => false,
        };
    }
}
