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
    /// <summary>GG0407: <c>net.Forward(x)</c> → <c>net.Call(x)</c>, the compiled code.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ForwardToCallCodeFix)), Shared]
    public sealed class ForwardToCallCodeFix : CallSiteCodeFix
    {
        public ForwardToCallCodeFix()
            : base(DiagnosticDescriptors.ForwardCalledDirectly)
        {
        }

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not SimpleNameSyntax name) return;
            var diagnostic = context.Diagnostics[0];
            context.RegisterCodeFix(CodeAction.Create("Call the compiled code (Forward → Call)",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(name,
                    SyntaxFactory.IdentifierName("Call").WithTriviaFrom(name)))),
                nameof(ForwardToCallCodeFix)), diagnostic);
        }
    }
}
