using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace GraphGen.Generator.Analyzers
{
    /// <summary>
    /// GG0405: a [Module] with Dropout (its published facts) called under <c>Autograd.NoGrad()</c> when the last
    /// Eval()/Train(..) on it before the call, in source order within the body, is missing or is Train(). Only modules
    /// held in locals and fields: a parameter's mode is its caller's business. The additional location is the
    /// NoGrad statement (where the fix puts Eval()); property <see cref="InLoop"/> says the fix must restore Train() after it.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class EvaluationModeAnalyzer : CallSiteAnalyzer
    {
        public const string InLoop = "InLoop";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.EvaluationInTrainingMode);

        private protected override void Register(CompilationStartAnalysisContext context, RuntimeSymbols symbols)
        {
            context.RegisterOperationBlockAction(c => Analyze(c, symbols));
        }

        private static void Analyze(OperationBlockAnalysisContext context, RuntimeSymbols symbols)
        {
            var operations = OperationQueries.Flatten(context.OperationBlocks);
            var scopes = NoGradScopes(operations, symbols);
            if (scopes.Count == 0) return;
            var invocations = operations.OfType<IInvocationOperation>().ToList();
            foreach (var call in invocations)
            {
                if (call.TargetMethod.Name is not ("Call" or "Forward")) continue;
                var module = OperationQueries.ReferencedSymbol(call.Instance);
                if (module is not (ILocalSymbol or IFieldSymbol or IPropertySymbol)) continue;
                if (ModuleFactsView.Of(OperationQueries.Unwrap(call.Instance)!.Type, symbols) is not { HasDropout: true }) continue;
                var scope = scopes.FirstOrDefault(s => s.Span.Contains(call.Syntax.Span));
                if (scope.Statement is null) continue;
                var lastMode = invocations.LastOrDefault(i => i.Syntax.SpanStart < call.Syntax.SpanStart
                    && (OperationQueries.Calls(i, "Eval", module) || OperationQueries.Calls(i, "Train", module)));
                if (lastMode is not null && IsEval(lastMode)) continue;
                bool inLoop = operations.OfType<ILoopOperation>().Any(l => OperationQueries.Within(scope.Statement, l));
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.EvaluationInTrainingMode, call.Syntax.GetLocation(),
                    new[] { scope.Statement.Syntax.GetLocation() }, ImmutableDictionary<string, string?>.Empty.Add(InLoop, inLoop ? "true" : null),
                    call.Instance!.Syntax.ToString(), OperationQueries.Unwrap(call.Instance)!.Type!.Name));
            }
        }

        private static bool IsEval(IInvocationOperation mode) =>
            mode.TargetMethod.Name == "Eval"
            || (OperationQueries.ExplicitArgument(mode.Arguments, "mode") is { ConstantValue: { HasValue: true, Value: false } });

        /// <summary>The NoGrad statements and the text each covers: a using's body, or a using declaration to the end of its block.</summary>
        private static List<(IOperation Statement, TextSpan Span)> NoGradScopes(List<IOperation> operations, RuntimeSymbols symbols)
        {
            var scopes = new List<(IOperation, TextSpan)>();
            foreach (var o in operations)
            {
                if (o is IUsingOperation u && HasNoGrad(u.Resources, symbols))
                    scopes.Add((u, u.Body.Syntax.Span));
                else if (o is IUsingDeclarationOperation d && HasNoGrad(d.DeclarationGroup, symbols) && d.Parent is IBlockOperation block)
                    scopes.Add((d, TextSpan.FromBounds(d.Syntax.SpanStart, block.Syntax.Span.End)));
            }

            return scopes;
        }

        private static bool HasNoGrad(IOperation resources, RuntimeSymbols symbols) =>
            resources.DescendantsAndSelf().OfType<IInvocationOperation>().Any(i => i.TargetMethod.Name == "NoGrad" && symbols.IsAutograd(i.TargetMethod.ContainingType));
    }
}
