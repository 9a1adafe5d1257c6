using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GraphGen.Generator.Parsing
{
    /// <summary>
    /// The parse phase: a [Module] class's syntax and semantic model become a <see cref="ModuleSpec"/>
    /// (equatable data, no Roslyn objects) plus the declaration diagnostics found on the way.
    /// </summary>
    internal sealed class ModuleParser
    {
        private const int MaxNestingDepth = 8;

        private readonly Compilation _compilation;
        private readonly KnownTypes _types;
        private readonly CancellationToken _ct;
        private readonly Stack<INamedTypeSymbol> _parsing = new();

        private ModuleParser(Compilation compilation, CancellationToken ct)
        {
            _compilation = compilation;
            _types = new KnownTypes(compilation);
            _ct = ct;
        }

        /// <summary>The pipeline's transform: never throws except for cancellation (failures become GG0099).</summary>
        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken ct)
        {
            var symbol = context.TargetSymbol as INamedTypeSymbol;
            try
            {
                if (symbol is null) return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
                var diagnostics = new List<DiagnosticInfo>();
                // Bind against the compilation as the generated bases will complete it, and re-find the class there.
                var compilation = context.SemanticModel.Compilation;
                var completed = ModuleBaseView.Complete(compilation, symbol, new KnownTypes(compilation), ct);
                if (!ReferenceEquals(completed, compilation)
                    && completed.GetSemanticModel(context.TargetNode.SyntaxTree).GetDeclaredSymbol(context.TargetNode, ct) is INamedTypeSymbol rebound)
                    symbol = rebound;
                else
                    completed = compilation;
                var spec = new ModuleParser(completed, ct).ParseModule(symbol, diagnostics, isRoot: true);
                return new ParseResult(spec, diagnostics.ToEquatableArray());
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e)
            {
                var location = context.TargetNode is ClassDeclarationSyntax c ? LocationInfo.From(c.Identifier) : LocationInfo.From(context.TargetNode);
                var error = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, symbol?.Name ?? "?", e.GetType().Name + ": " + e.Message);
                return new ParseResult(null, new EquatableArray<DiagnosticInfo>(new[] { error }));
            }
        }

        /// <summary>Parses a [Module] class used as a layer of another; its own diagnostics are reported by its own pipeline run.</summary>
        public ModuleSpec? ParseChild(INamedTypeSymbol type)
        {
            if (_parsing.Count >= MaxNestingDepth || _parsing.Any(t => SymbolEqualityComparer.Default.Equals(t, type))) return null;
            return ParseModule(type, new List<DiagnosticInfo>(), isRoot: false);
        }

        private ModuleSpec? ParseModule(INamedTypeSymbol type, List<DiagnosticInfo> diagnostics, bool isRoot)
        {
            _ct.ThrowIfCancellationRequested();
            var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_ct)).OfType<ClassDeclarationSyntax>().ToList();
            if (declarations.Count == 0) return null;

            _parsing.Push(type);
            try
            {
                int before = diagnostics.Count;
                var identifier = LocationInfo.From(declarations[0].Identifier);
                bool canEmit = CheckDeclaration(type, declarations, identifier, diagnostics);
                var ctorParameters = type.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared)
                    .SelectMany(c => c.Parameters).Select(p => p.Name).Distinct().ToEquatableArray();

                var layerParser = new LayerParser(_types, type, diagnostics, this, _ct);
                var fields = new FieldParser(_compilation, _types, type, declarations, layerParser, diagnostics, _ct).Parse();
                var forward = ParseForward(type, identifier, fields, diagnostics);

                if (forward is not null) ReportUnusedLayers(fields, forward, diagnostics);
                // The compiler's own errors explain a Forward we could not read (an unknown name, a wrong type):
                // semantic diagnostics are bound only on that error path, syntax errors are free to see.
                bool hasSyntaxErrors = declarations.Any(d => d.ContainsDiagnostics)
                    || ((forward is null || fields.Any(f => f.Layer is null)) && HasCompilerErrors(declarations));
                bool hasErrors = diagnostics.Skip(before).Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error)
                                 || hasSyntaxErrors || forward is null || fields.Any(f => f.Layer is null || HasChildErrors(f.Layer));
                return new ModuleSpec(
                    type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                    type.Name,
                    type.ToDisplayString(),
                    ContainingTypeDeclarations(type),
                    ctorParameters,
                    fields.ToEquatableArray(),
                    forward,
                    canEmit && _types.Module is not null,
                    hasErrors,
                    hasSyntaxErrors,
                    identifier,
                    type.GetMembers("GetName").OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 0 && !m.IsStatic));
            }
            finally
            {
                _parsing.Pop();
            }
        }

        private bool HasCompilerErrors(IEnumerable<ClassDeclarationSyntax> declarations) =>
            declarations.Any(d => _compilation.GetSemanticModel(d.SyntaxTree)
                .GetDiagnostics(d.Span, _ct).Any(x => x.Severity == DiagnosticSeverity.Error));

        private static bool HasChildErrors(LayerSpec layer) =>
            (layer.Kind == LayerKind.Module && (layer.Module is null || layer.Module.HasErrors)) || layer.Children.Any(HasChildErrors);

        /// <summary>Partial, not generic, containing types partial, no foreign base class.</summary>
        private bool CheckDeclaration(INamedTypeSymbol type, List<ClassDeclarationSyntax> declarations, LocationInfo? identifier, List<DiagnosticInfo> diagnostics)
        {
            bool ok = true;
            if (declarations.Any(d => !d.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModuleNotPartial, identifier, type.Name));
                ok = false;
            }

            if (type.IsGenericType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedModuleDeclaration, identifier, type.Name, "is generic"));
                ok = false;
            }

            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                bool partial = outer.DeclaringSyntaxReferences.All(r => r.GetSyntax(_ct) is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));
                if (!partial || outer.IsGenericType)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedModuleDeclaration, identifier, type.Name,
                        $"is nested in '{outer.Name}', which is {(outer.IsGenericType ? "generic" : "not partial")}"));
                    ok = false;
                    break;
                }
            }

            var baseType = type.BaseType;
            if (baseType is not null && baseType.SpecialType != SpecialType.System_Object
                && !(_types.Module is not null && SymbolEqualityComparer.Default.Equals(baseType, _types.Module)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModuleHasBaseClass, identifier, type.Name, baseType.ToDisplayString()));
                ok = false;
            }

            if (type.IsStatic || type.IsAbstract)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedModuleDeclaration, identifier, type.Name, type.IsStatic ? "is static" : "is abstract"));
                ok = false;
            }

            return ok;
        }

        private ForwardSpec? ParseForward(INamedTypeSymbol type, LocationInfo? identifier, List<LayerFieldSpec> fields, List<DiagnosticInfo> diagnostics)
        {
            var forwards = type.GetMembers("Forward").OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary && !m.IsStatic).ToList();
            if (forwards.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingForward, identifier, type.Name));
                return null;
            }

            if (forwards.Count > 1)
            {
                var second = forwards[1].DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_ct) as MethodDeclarationSyntax;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MultipleForward,
                    second is null ? identifier : LocationInfo.From(second.Identifier), type.Name, forwards.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return null;
            }

            var method = forwards[0];
            if (method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_ct) is not MethodDeclarationSyntax syntax) return null;
            var problem = SignatureProblem(method);
            if (problem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidForwardSignature, LocationInfo.From(syntax.Identifier), type.Name, problem));
                return null;
            }

            var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
            return new ForwardParser(model, _types, type, fields, diagnostics, _ct).Parse(method, syntax);
        }

        private string? SignatureProblem(IMethodSymbol method)
        {
            if (!_types.IsTensor(method.ReturnType)) return $"it returns {method.ReturnType.ToDisplayString()}";
            if (method.IsGenericMethod) return "it is generic";
            if (method.Parameters.Length == 0) return "it takes no parameters";
            foreach (var p in method.Parameters)
            {
                if (!_types.IsTensor(p.Type)) return $"parameter '{p.Name}' has type {p.Type.ToDisplayString()}";
                if (p.RefKind != RefKind.None || p.IsParams) return $"parameter '{p.Name}' is {(p.IsParams ? "params" : p.RefKind.ToString().ToLowerInvariant())}";
            }

            return null;
        }

        /// <summary>GG0301: a layer field that Forward never calls (directly or through a Sequential it belongs to).</summary>
        private static void ReportUnusedLayers(List<LayerFieldSpec> fields, ForwardSpec forward, List<DiagnosticInfo> diagnostics)
        {
            var called = new HashSet<string>(forward.Ops.Where(o => o.Kind == ForwardOpKind.LayerCall).Select(o => o.Name));
            foreach (var field in fields)
                if (field.Layer is not null && !called.Contains(field.Name))
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerNeverUsed, field.Location, field.Name));
        }

        /// <summary>"partial class Outer" for each containing type, outermost first.</summary>
        private static EquatableArray<string> ContainingTypeDeclarations(INamedTypeSymbol type)
        {
            var result = new List<string>();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                string keyword = outer.IsRecord ? (outer.IsValueType ? "record struct" : "record") : outer.IsValueType ? "struct" : outer.TypeKind == TypeKind.Interface ? "interface" : "class";
                result.Insert(0, $"partial {keyword} {outer.Name}");
            }

            return result.ToEquatableArray();
        }
    }
}
