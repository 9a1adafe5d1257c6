using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace GraphGen.CodeFixes
{
    /// <summary>Statement-level edits the fixes share: find the statement around a node, insert a line before or after it.</summary>
    internal static class StatementEdits
    {
        /// <summary>The statement holding <paramref name="node"/> that sits directly in a block, or the top-level statement.</summary>
        public static SyntaxNode? Enclosing(SyntaxNode node)
        {
            for (var n = node; n is not null; n = n.Parent)
            {
                if (n is StatementSyntax && n.Parent is GlobalStatementSyntax global) return global;
                if (n is StatementSyntax && n.Parent is BlockSyntax or SwitchSectionSyntax) return n;
            }

            return null;
        }

        /// <summary>A statement parsed from <paramref name="code"/>, indented as <paramref name="anchor"/>, wrapped for top level when the anchor is.</summary>
        public static SyntaxNode Line(string code, SyntaxNode anchor)
        {
            var indentation = anchor.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
            var statement = SyntaxFactory.ParseStatement(code)
                .WithLeadingTrivia(indentation)
                .WithTrailingTrivia(SyntaxFactory.EndOfLine(NewLine(anchor)));
            return anchor is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(statement) : statement;
        }

        /// <summary>The document after <paramref name="edit"/> has changed it through a <see cref="DocumentEditor"/>.</summary>
        public static async Task<Document> Edit(Document document, CancellationToken ct, Action<DocumentEditor> edit)
        {
            var editor = await DocumentEditor.CreateAsync(document, ct).ConfigureAwait(false);
            edit(editor);
            return editor.GetChangedDocument();
        }

        public static void InsertBefore(SyntaxEditor editor, SyntaxNode anchor, string code) => editor.InsertBefore(anchor, Line(code, anchor));

        public static void InsertAfter(SyntaxEditor editor, SyntaxNode anchor, string code) => editor.InsertAfter(anchor, Line(code, anchor));

        /// <summary>The document's line ending, so inserted lines match the file.</summary>
        private static string NewLine(SyntaxNode node) =>
            node.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } eol ? eol : "\n";
    }
}
