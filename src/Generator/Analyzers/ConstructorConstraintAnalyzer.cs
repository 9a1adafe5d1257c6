using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using GraphGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Analyzers
{
    /// <summary>
    /// GG0406: <c>new Net(...)</c> whose constant arguments (or defaults) break a shape constraint the generator
    /// published for Net's constructor parameters — the check the compiled code would fail when the module is first
    /// used, reported with its message at the <c>new</c> expression. A child module's constraints reach the parent's
    /// facts through the parent's graph, in terms of the parent's parameters.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConstructorConstraintAnalyzer : CallSiteAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ConstructorBreaksShapes);

        private protected override void Register(CompilationStartAnalysisContext context, RuntimeSymbols symbols)
        {
            context.RegisterOperationAction(c => Analyze(c, (IObjectCreationOperation)c.Operation, symbols), OperationKind.ObjectCreation);
        }

        private static void Analyze(OperationAnalysisContext context, IObjectCreationOperation creation, RuntimeSymbols symbols)
        {
            if (ModuleFactsView.Of(creation.Type, symbols) is not { } facts || facts.Constraints.IsEmpty) return;
            // Inside a [Module] a child is a layer the generator inlines and checks itself (GG0101 and friends).
            if (symbols.IsGeneratedModule(context.ContainingSymbol.ContainingType)) return;
            var values = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var argument in creation.Arguments)
                if (argument.Parameter is { } p && argument.Value.ConstantValue is { HasValue: true, Value: int or long or short } v)
                    values[p.Name] = Convert.ToInt64(v.Value, System.Globalization.CultureInfo.InvariantCulture);
            if (values.Count == 0) return;

            var reported = new HashSet<string>();
            foreach (var text in facts.Constraints)
                if (ShapeConstraint.Parse(text)?.Violation(values) is { } message && reported.Add(message))
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ConstructorBreaksShapes, creation.Syntax.GetLocation(), creation.Type!.Name, message));
        }
    }
}
