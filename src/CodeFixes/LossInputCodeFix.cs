using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GraphGen.Generator.Analyzers;
using GraphGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GraphGen.CodeFixes
{
    /// <summary>
    /// GG0401, in the module's source (the additional location, possibly another file): remove the final Softmax/Sigmoid
    /// (a Sequential's argument, or <c>F.Softmax(h, 1)</c> → <c>h</c>), or turn Softmax into LogSoftmax for NLLLoss;
    /// at the call: switch to the loss that matches the output (BCEWithLogitsLoss → BCELoss, for a loss created in the same body).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LossInputCodeFix)), Shared]
    public sealed class LossInputCodeFix : CallSiteCodeFix
    {
        public LossInputCodeFix()
            : base(DiagnosticDescriptors.ProbabilitiesIntoLoss)
        {
        }

        // Each action edits a different place (the module or the loss): no batch fixing across them.
        public override FixAllProvider? GetFixAllProvider() => null;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            diagnostic.Properties.TryGetValue(LossInputAnalyzer.ModuleFix, out var moduleFix);
            if (moduleFix is not null && diagnostic.AdditionalLocations.Count == 1
                && context.Document.Project.Solution.GetDocument(diagnostic.AdditionalLocations[0].SourceTree) is { } moduleDocument)
            {
                var span = diagnostic.AdditionalLocations[0].SourceSpan;
                string title = moduleFix == "Remove" ? "Remove the module's final activation (the loss expects logits)" : "End the module in LogSoftmax";
                context.RegisterCodeFix(CodeAction.Create(title,
                    ct => EditModule(moduleDocument, span, moduleFix == "Remove", ct), nameof(LossInputCodeFix) + moduleFix), diagnostic);
            }

            if (diagnostic.Properties.TryGetValue(LossInputAnalyzer.MatchingLoss, out var matching) && matching is not null)
            {
                var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                // The diagnostic marks the loss's input argument; the loss call is the invocation around it.
                var call = root?.FindNode(context.Span).FirstAncestorOrSelf<ArgumentSyntax>()?.Parent?.Parent as InvocationExpressionSyntax;
                if (root is null || call?.Expression is not MemberAccessExpressionSyntax access) return;
                SyntaxNode? target = access.Expression.ToString() == "F" ? access.Name : LossCreation(call, access.Expression.ToString());
                if (target is null) return;
                context.RegisterCodeFix(CodeAction.Create($"Use {matching} (it expects probabilities)",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(target,
                        SyntaxFactory.IdentifierName(matching).WithTriviaFrom(target)))), nameof(LossInputCodeFix) + "Loss"), diagnostic);
            }
        }

        /// <summary>The type name in <c>var criterion = new BCEWithLogitsLoss()</c>, declared in the body that calls it.</summary>
        private static SyntaxNode? LossCreation(SyntaxNode call, string variable)
        {
            var body = call.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or CompilationUnitSyntax or LocalFunctionStatementSyntax);
            return body?.DescendantNodes().OfType<VariableDeclaratorSyntax>()
                .Where(v => v.Identifier.Text == variable)
                .Select(v => (v.Initializer?.Value as ObjectCreationExpressionSyntax)?.Type)
                .FirstOrDefault(t => t is not null);
        }

        private static async Task<Solution> EditModule(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, bool remove, CancellationToken ct)
        {
            var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
            var node = root!.FindNode(span);
            SyntaxNode newRoot;
            if (node is ArgumentSyntax argument && argument.Expression is ObjectCreationExpressionSyntax layer)
            {
                newRoot = remove
                    ? root.RemoveNode(argument, SyntaxRemoveOptions.KeepNoTrivia)!
                    : root.ReplaceNode(layer.Type, SyntaxFactory.IdentifierName("LogSoftmax").WithTriviaFrom(layer.Type));
            }
            else if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Expression: MemberAccessExpressionSyntax access } invocation)
            {
                newRoot = remove
                    ? root.ReplaceNode(invocation, invocation.ArgumentList.Arguments[0].Expression.WithTriviaFrom(invocation))
                    : root.ReplaceNode(access.Name, SyntaxFactory.IdentifierName("LogSoftmax").WithTriviaFrom(access.Name));
            }
            else return document.Project.Solution;

            return document.WithSyntaxRoot(newRoot).Project.Solution;
        }
    }
}
