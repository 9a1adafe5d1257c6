using System.Collections.Immutable;
using GraphGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Analyzers
{
    /// <summary>GG0412: <c>new Softmax()</c> or <c>new LogSoftmax()</c> without a dim, which leaves the dimension to PyTorch's legacy rule.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SoftmaxDimAnalyzer : CallSiteAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ImplicitSoftmaxDim);

        private protected override void Register(CompilationStartAnalysisContext context, RuntimeSymbols symbols)
        {
            context.RegisterOperationAction(c =>
            {
                var creation = (IObjectCreationOperation)c.Operation;
                if (creation.Constructor is null) return;
                if (!RuntimeSymbols.IsNnType(creation.Type, "Softmax") && !RuntimeSymbols.IsNnType(creation.Type, "LogSoftmax")) return;
                var dim = OperationQueries.ExplicitArgument(creation.Arguments, "dim");
                if (dim is null || dim.ConstantValue is { HasValue: true, Value: null })
                    c.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ImplicitSoftmaxDim, creation.Syntax.GetLocation(), creation.Syntax.ToString()));
            }, OperationKind.ObjectCreation);
        }
    }
}
