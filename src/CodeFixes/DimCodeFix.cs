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
    /// <summary>
    /// The explicit dimension: GG0412 <c>new Softmax()</c> → <c>new Softmax(dim: -1)</c>; GG0410 a dim of 0 (the batch) → -1.
    /// -1 is the features of the inputs layers see, [features] and [batch, features], which is also what PyTorch's legacy
    /// implicit rule picks for those ranks (0 for 1-D, 1 for 2-D).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DimCodeFix)), Shared]
    public sealed class DimCodeFix : CallSiteCodeFix
    {
        public const string FeaturesDim = "-1";

        public DimCodeFix()
            : base(DiagnosticDescriptors.ImplicitSoftmaxDim, DiagnosticDescriptors.ReductionOverBatch)
        {
        }

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null) return;
            var diagnostic = context.Diagnostics[0];
            var node = root.FindNode(context.Span, getInnermostNodeForTie: true);
            var dim = SyntaxFactory.ParseExpression(FeaturesDim);
            SyntaxNode? replaced = null;
            SyntaxNode? replacement = null;
            if (diagnostic.Id == DiagnosticDescriptors.ImplicitSoftmaxDim.Id && node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation)
            {
                var argument = SyntaxFactory.Argument(SyntaxFactory.NameColon("dim"), default, dim);
                var arguments = creation.ArgumentList ?? SyntaxFactory.ArgumentList();
                replaced = creation;
                replacement = creation.WithArgumentList(arguments.WithArguments(arguments.Arguments.Insert(0, argument)));
            }
            else if (diagnostic.Id == DiagnosticDescriptors.ReductionOverBatch.Id && node is ExpressionSyntax or ArgumentSyntax)
            {
                var expression = node is ArgumentSyntax a ? a.Expression : (ExpressionSyntax)node;
                replaced = expression;
                replacement = dim.WithTriviaFrom(expression);
            }

            if (replaced is null) return;
            context.RegisterCodeFix(CodeAction.Create($"Use dim: {FeaturesDim} (the features)",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(replaced, replacement!))),
                nameof(DimCodeFix)), diagnostic);
        }
    }
}
