using System.Collections.Immutable;
using GraphGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Analyzers
{
    /// <summary>
    /// GG0407: <c>net.Forward(x)</c> on a [Module] from code outside [Module] classes, which runs the eager reference
    /// instead of the compiled code. Inside a [Module] (its own code, or a parent's Forward calling a child) Forward
    /// is what the generator compiles, so it is left alone. Reported on the name <c>Forward</c>, which the fix renames.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ForwardCallAnalyzer : CallSiteAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ForwardCalledDirectly);

        private protected override void Register(CompilationStartAnalysisContext context, RuntimeSymbols symbols)
        {
            context.RegisterOperationAction(c => Analyze(c, (IInvocationOperation)c.Operation, symbols), OperationKind.Invocation);
        }

        private static void Analyze(OperationAnalysisContext context, IInvocationOperation invocation, RuntimeSymbols symbols)
        {
            if (invocation.TargetMethod.Name != "Forward" || !symbols.IsGeneratedModule(invocation.TargetMethod.ContainingType)) return;
            for (var type = context.ContainingSymbol.ContainingType; type is not null; type = type.ContainingType)
                if (symbols.IsGeneratedModule(type)) return;
            if (invocation.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }) return;
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ForwardCalledDirectly, access.Name.GetLocation(),
                access.Expression.ToString(), invocation.TargetMethod.ContainingType.Name));
        }
    }
}
