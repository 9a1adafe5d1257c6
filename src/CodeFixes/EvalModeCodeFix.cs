using System.Composition;
using System.Threading.Tasks;
using GraphGen.Generator.Analyzers;
using GraphGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GraphGen.CodeFixes
{
    /// <summary>
    /// GG0405: <c>net.Eval();</c> before the <c>Autograd.NoGrad()</c> statement (the additional location) and, when that
    /// statement is inside a loop that trains again, <c>net.Train();</c> after it.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EvalModeCodeFix)), Shared]
    public sealed class EvalModeCodeFix : CallSiteCodeFix
    {
        public EvalModeCodeFix()
            : base(DiagnosticDescriptors.EvaluationInTrainingMode)
        {
        }

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var diagnostic = context.Diagnostics[0];
            if (root is null || diagnostic.AdditionalLocations.Count == 0 || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree) return;
            var noGrad = StatementEdits.Enclosing(root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true));
            var call = root.FindNode(context.Span, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (noGrad is null || call?.Expression is not MemberAccessExpressionSyntax access) return;
            string module = access.Expression.ToString();
            bool restore = diagnostic.Properties.TryGetValue(EvaluationModeAnalyzer.InLoop, out var inLoop) && inLoop == "true" && noGrad is UsingStatementSyntax;
            context.RegisterCodeFix(CodeAction.Create($"Call {module}.Eval() before evaluating" + (restore ? $" and {module}.Train() after" : ""),
                ct => StatementEdits.Edit(context.Document, ct, editor =>
                {
                    StatementEdits.InsertBefore(editor, noGrad, module + ".Eval();");
                    if (restore) StatementEdits.InsertAfter(editor, noGrad, module + ".Train();");
                }), nameof(EvalModeCodeFix)), diagnostic);
        }
    }
}
