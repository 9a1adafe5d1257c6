using System.Collections.Immutable;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Analyzers
{
    /// <summary>
    /// GG0408: an optimizer created from <c>net.Parameters()</c> before <c>net.To(..)</c> later in the same body.
    /// <c>Module.To</c> replaces every tensor that changes device or dtype, so the optimizer would hold the old ones.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class OptimizerDeviceAnalyzer : CallSiteAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.OptimizerBeforeTo);

        private protected override void Register(CompilationStartAnalysisContext context, RuntimeSymbols symbols)
        {
            context.RegisterOperationBlockAction(c => Analyze(c, symbols));
        }

        private static void Analyze(OperationBlockAnalysisContext context, RuntimeSymbols symbols)
        {
            var operations = OperationQueries.Flatten(context.OperationBlocks);
            var moves = operations.OfType<IInvocationOperation>()
                .Where(i => i.TargetMethod.Name == "To" && symbols.IsModule(i.TargetMethod.ContainingType) && OperationQueries.ReferencedSymbol(i.Instance) is not null)
                .ToList();
            if (moves.Count == 0) return;
            foreach (var creation in operations.OfType<IObjectCreationOperation>().Where(c => symbols.IsOptimizer(c.Type)))
            {
                var parameters = creation.DescendantsAndSelf().OfType<IInvocationOperation>()
                    .FirstOrDefault(i => i.TargetMethod.Name is "Parameters" or "NamedParameters" && symbols.IsModule(i.TargetMethod.ContainingType));
                if (OperationQueries.ReferencedSymbol(parameters?.Instance) is not { } module) continue;
                var move = moves.FirstOrDefault(m => m.Syntax.SpanStart > creation.Syntax.Span.End && OperationQueries.Calls(m, "To", module));
                if (move is null) continue;
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.OptimizerBeforeTo, creation.Syntax.GetLocation(),
                    parameters!.Instance!.Syntax.ToString(), move.Syntax.ToString()));
            }
        }
    }
}
