using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using GraphGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GraphGen.CodeFixes
{
    /// <summary>
    /// GG0403: inserts <c>optimizer.ZeroGrad();</c> before the statement that calls Backward. GG0404: moves the ZeroGrad
    /// statement from between Backward and Step to before Backward. The Backward call is the diagnostic's additional location.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ZeroGradCodeFix)), Shared]
    public sealed class ZeroGradCodeFix : CallSiteCodeFix
    {
        public ZeroGradCodeFix()
            : base(DiagnosticDescriptors.MissingZeroGrad, DiagnosticDescriptors.ZeroGradBeforeStep)
        {
        }

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var diagnostic = context.Diagnostics[0];
            if (root is null || diagnostic.AdditionalLocations.Count == 0 || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree) return;
            var backward = StatementEdits.Enclosing(root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true));
            var reported = root.FindNode(context.Span, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (backward is null || reported?.Expression is not MemberAccessExpressionSyntax access) return;

            if (diagnostic.Id == DiagnosticDescriptors.MissingZeroGrad.Id)
            {
                string code = access.Expression + ".ZeroGrad();";
                context.RegisterCodeFix(CodeAction.Create($"Call {code} before Backward",
                    ct => StatementEdits.Edit(context.Document, ct, editor => StatementEdits.InsertBefore(editor, backward, code)), nameof(ZeroGradCodeFix)), diagnostic);
                return;
            }

            var zeroGrad = StatementEdits.Enclosing(reported);
            if (zeroGrad is null) return;
            context.RegisterCodeFix(CodeAction.Create("Move ZeroGrad before Backward",
                ct => StatementEdits.Edit(context.Document, ct, editor =>
                {
                    editor.RemoveNode(zeroGrad);
                    StatementEdits.InsertBefore(editor, backward, zeroGrad.ToString().Trim());
                }), nameof(ZeroGradCodeFix)), diagnostic);
        }
    }
}
