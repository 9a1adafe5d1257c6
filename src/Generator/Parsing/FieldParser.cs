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
    /// Finds the layer fields of a [Module] class in declaration order and the one place each is assigned:
    /// its initializer or an assignment (normally in the constructor). Reports fields never assigned or
    /// assigned more than once.
    /// </summary>
    internal sealed class FieldParser
    {
        private readonly Compilation _compilation;
        private readonly KnownTypes _types;
        private readonly INamedTypeSymbol _type;
        private readonly List<ClassDeclarationSyntax> _declarations;
        private readonly LayerParser _layers;
        private readonly List<DiagnosticInfo> _diagnostics;
        private readonly CancellationToken _ct;

        public FieldParser(Compilation compilation, KnownTypes types, INamedTypeSymbol type, List<ClassDeclarationSyntax> declarations,
            LayerParser layers, List<DiagnosticInfo> diagnostics, CancellationToken ct)
        {
            _compilation = compilation;
            _types = types;
            _type = type;
            _declarations = declarations;
            _layers = layers;
            _diagnostics = diagnostics;
            _ct = ct;
        }

        public List<LayerFieldSpec> Parse()
        {
            var fields = _type.GetMembers().OfType<IFieldSymbol>()
                .Where(f => !f.IsStatic && !f.IsConst && !f.IsImplicitlyDeclared && _types.IsLayerType(f.Type))
                .OrderBy(f => f.Locations.FirstOrDefault()?.SourceTree?.FilePath, System.StringComparer.Ordinal)
                .ThenBy(f => f.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
                .ToList();
            var assignments = new Dictionary<IFieldSymbol, List<(IOperation Value, SyntaxNode Site)>>(SymbolEqualityComparer.Default);
            foreach (var f in fields) assignments[f] = new List<(IOperation Value, SyntaxNode Site)>();
            foreach (var declaration in _declarations) CollectAssignments(declaration, assignments);

            var result = new List<LayerFieldSpec>();
            foreach (var field in fields)
            {
                _ct.ThrowIfCancellationRequested();
                var location = field.Locations.FirstOrDefault() is { } l ? LocationInfo.From(l) : null;
                string typeName = field.Type.Name;
                var sites = assignments[field];
                LayerSpec? layer = null;
                if (sites.Count == 0)
                {
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerNeverAssigned, location, field.Name, typeName));
                }
                else
                {
                    layer = _layers.Parse(sites[0].Value, field.Name, field.Name, typeName);
                    for (int i = 1; i < sites.Count; i++)
                        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerAssignedTwice, LocationInfo.From(sites[i].Site), field.Name));
                    if (layer is not null) ReportUninlinableChildren(layer);
                }

                result.Add(new LayerFieldSpec(field.Name, typeName, layer, location));
            }

            return result;
        }

        /// <summary>Field initializers and simple assignments anywhere in the class body, in source order.</summary>
        private void CollectAssignments(ClassDeclarationSyntax declaration, Dictionary<IFieldSymbol, List<(IOperation Value, SyntaxNode Site)>> assignments)
        {
            var model = _compilation.GetSemanticModel(declaration.SyntaxTree);
            foreach (var node in declaration.DescendantNodes())
            {
                _ct.ThrowIfCancellationRequested();
                if (node is VariableDeclaratorSyntax { Initializer: { } init } declarator && declarator.Parent?.Parent is FieldDeclarationSyntax)
                {
                    if (model.GetDeclaredSymbol(declarator, _ct) is IFieldSymbol f && assignments.TryGetValue(f, out var list)
                        && model.GetOperation(init.Value, _ct) is { } value)
                        list.Add((value, declarator));
                }
                else if (node is AssignmentExpressionSyntax assignment && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                {
                    if (model.GetSymbolInfo(assignment.Left, _ct).Symbol is IFieldSymbol f && assignments.TryGetValue(f, out var list)
                        && model.GetOperation(assignment.Right, _ct) is { } value)
                        list.Add((value, assignment));
                }
            }
        }

        /// <summary>GG0205: a [Module] child that cannot be inlined (no source here, recursive, or with errors of its own).</summary>
        private void ReportUninlinableChildren(LayerSpec layer)
        {
            if (layer.Kind == LayerKind.Module && (layer.Module is null || layer.Module.HasErrors))
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ChildModuleWithoutSource, layer.Location, layer.Path, layer.TypeName,
                    layer.Module is null ? "whose source is not in this compilation (or that contains itself)" : "that has errors of its own"));
            foreach (var child in layer.Children) ReportUninlinableChildren(child);
        }
    }
}
