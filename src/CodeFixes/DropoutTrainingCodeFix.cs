using System.Composition;
using System.Threading.Tasks;
using GraphGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GraphGen.CodeFixes
{
    /// <summary>GG0409: <c>F.Dropout(x, 0.2)</c> → <c>F.Dropout(x, 0.2, training: Training)</c>, so it follows the module's mode.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DropoutTrainingCodeFix)), Shared]
    public sealed class DropoutTrainingCodeFix : CallSiteCodeFix
    {
        public DropoutTrainingCodeFix()
            : base(DiagnosticDescriptors.DropoutWithoutTraining)
        {
        }

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation) return;
            var training = SyntaxFactory.Argument(SyntaxFactory.NameColon("training"), default, SyntaxFactory.IdentifierName("Training"));
            var fixedCall = invocation.WithArgumentList(invocation.ArgumentList.AddArguments(training));
            context.RegisterCodeFix(CodeAction.Create("Pass training: Training",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(invocation, fixedCall))),
                nameof(DropoutTrainingCodeFix)), context.Diagnostics[0]);
        }
    }
}
