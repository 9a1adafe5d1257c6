using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GraphGen.Generator.Parsing
{
    /// <summary>
    /// The compilation as the generated plumbing will complete it, for binding only. The generator sees the
    /// project without its own output, where a [Module] class is not yet a Module: <c>block.Call(x)</c> does
    /// not bind, and neither does anything built on it (<c>block.Call(x) + x</c>, <c>var h = block.Call(x);
    /// h.View(..)</c>). Adding a tree that gives each [Module] class the base class (and the multi-input Call)
    /// its generated code declares lets Forward bind as it will in the real build. The original trees are
    /// untouched, so every location stays exact.
    /// </summary>
    internal static class ModuleBaseView
    {
        public const string HintPath = "GraphGen.ModuleBases.view.cs";

        /// <summary>The compilation plus stub bases for <paramref name="root"/> and the [Module] classes it uses (as fields or created inside it).</summary>
        public static Compilation Complete(Compilation compilation, INamedTypeSymbol root, KnownTypes types, CancellationToken ct)
        {
            if (types.Module is null || types.ModuleAttribute is null) return compilation;
            var pending = new Stack<INamedTypeSymbol>();
            var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            pending.Push(root);
            var text = new StringBuilder();
            while (pending.Count > 0 && seen.Count < 64)
            {
                var type = pending.Pop();
                if (!seen.Add(type)) continue;
                ct.ThrowIfCancellationRequested();
                var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(ct)).OfType<ClassDeclarationSyntax>().ToList();
                if (declarations.Count == 0) continue;
                if (CanStub(type, declarations, ct)) AppendStub(text, type);
                foreach (var used in UsedModules(compilation, type, declarations, types, ct)) pending.Push(used);
            }

            if (text.Length == 0) return compilation;
            var options = root.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree.Options as CSharpParseOptions;
            return compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(text.ToString(), options, HintPath, cancellationToken: ct));
        }

        /// <summary>[Module] classes among the field types and the types created in the class body.</summary>
        private static IEnumerable<INamedTypeSymbol> UsedModules(Compilation compilation, INamedTypeSymbol type, List<ClassDeclarationSyntax> declarations,
            KnownTypes types, CancellationToken ct)
        {
            foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
                if (field.Type is INamedTypeSymbol t && types.IsGeneratedModule(t)) yield return t;
            foreach (var declaration in declarations)
            {
                var model = compilation.GetSemanticModel(declaration.SyntaxTree);
                foreach (var creation in declaration.DescendantNodes().OfType<ObjectCreationExpressionSyntax>())
                    if (model.GetSymbolInfo(creation.Type, ct).Symbol is INamedTypeSymbol t && types.IsGeneratedModule(t)) yield return t;
            }
        }

        /// <summary>Only where the generated plumbing itself would compile: partial, not generic, no base class, partial containers.</summary>
        private static bool CanStub(INamedTypeSymbol type, List<ClassDeclarationSyntax> declarations, CancellationToken ct)
        {
            if (type.IsGenericType || type.IsStatic || type.IsAbstract || declarations.Any(d => !d.Modifiers.Any(SyntaxKind.PartialKeyword))) return false;
            if (type.BaseType is { SpecialType: not SpecialType.System_Object }) return false;
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
                if (outer.IsGenericType || !outer.DeclaringSyntaxReferences.All(r => r.GetSyntax(ct) is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword)))
                    return false;
            return true;
        }

        private static void AppendStub(StringBuilder text, INamedTypeSymbol type)
        {
            var containers = new List<INamedTypeSymbol>();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) containers.Insert(0, outer);
            bool hasNamespace = type.ContainingNamespace is { IsGlobalNamespace: false };
            if (hasNamespace) text.Append("namespace ").Append(type.ContainingNamespace!.ToDisplayString()).Append(" {\n");
            foreach (var outer in containers) text.Append("partial ").Append(Keyword(outer)).Append(' ').Append(outer.Name).Append(" {\n");
            text.Append("partial class ").Append(type.Name).Append(" : global::GraphGen.Nn.Module {\n");
            // A module of several inputs gets a Call of that many tensors from its generated code.
            var forward = type.GetMembers("Forward").OfType<IMethodSymbol>().FirstOrDefault(m => !m.IsStatic && m.Parameters.Length > 1);
            if (forward is not null)
                text.Append("public global::GraphGen.Tensor Call(")
                    .Append(string.Join(", ", forward.Parameters.Select((p, i) => "global::GraphGen.Tensor p" + i)))
                    .Append(") => throw null!;\n");
            text.Append("}\n");
            foreach (var _ in containers) text.Append("}\n");
            if (hasNamespace) text.Append("}\n");
        }

        private static string Keyword(INamedTypeSymbol type) =>
            type.IsRecord ? (type.IsValueType ? "record struct" : "record") : type.IsValueType ? "struct" : type.TypeKind == TypeKind.Interface ? "interface" : "class";
    }
}
