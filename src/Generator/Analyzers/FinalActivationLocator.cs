using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GraphGen.Generator.Analyzers
{
    /// <summary>
    /// Finds, in a [Module]'s own source, the final activation its Forward returns, for the code fixes of GG0401:
    /// <c>return F.Softmax(h, 1)</c> (the invocation), or <c>return pipe.Call(x)</c> where <c>pipe</c> is created as
    /// <c>new Sequential(..., new Softmax(1))</c>, possibly followed by a Dropout (that argument). Syntax only; null
    /// for any other shape of code, where no fix is offered.
    /// </summary>
    internal static class FinalActivationLocator
    {
        public static SyntaxNode? Find(INamedTypeSymbol module, string activation)
        {
            foreach (var reference in module.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not ClassDeclarationSyntax type) continue;
                var forward = type.Members.OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.Text == "Forward");
                if (forward is null) continue;
                var returned = forward.ExpressionBody?.Expression
                    ?? forward.Body?.Statements.OfType<ReturnStatementSyntax>().LastOrDefault()?.Expression;
                if (returned is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation) continue;
                if (access.Name.Identifier.Text == activation && access.Expression.ToString() == "F") return invocation;
                if (access.Name.Identifier.Text is "Call" or "Forward" && access.Expression is IdentifierNameSyntax field)
                    return LastSequentialActivation(type, field.Identifier.Text, activation);
            }

            return null;
        }

        private static SyntaxNode? LastSequentialActivation(ClassDeclarationSyntax type, string field, string activation)
        {
            foreach (var creation in Creations(type, field))
            {
                if (creation.Type.ToString() != "Sequential" || creation.ArgumentList is null) continue;
                var args = creation.ArgumentList.Arguments;
                for (int i = args.Count - 1; i >= 0; i--)
                {
                    if (args[i].Expression is not ObjectCreationExpressionSyntax layer) return null;
                    string name = layer.Type.ToString();
                    if (name == activation) return args[i];
                    if (name != "Dropout") return null;
                }
            }

            return null;
        }

        /// <summary>The <c>new</c> expressions assigned to <paramref name="field"/>: its initializer or assignments in the class.</summary>
        private static System.Collections.Generic.IEnumerable<ObjectCreationExpressionSyntax> Creations(ClassDeclarationSyntax type, string field)
        {
            foreach (var declaration in type.Members.OfType<FieldDeclarationSyntax>())
                foreach (var variable in declaration.Declaration.Variables)
                    if (variable.Identifier.Text == field && variable.Initializer?.Value is ObjectCreationExpressionSyntax created) yield return created;
            foreach (var assignment in type.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                string target = assignment.Left is MemberAccessExpressionSyntax m ? m.Name.Identifier.Text : assignment.Left.ToString();
                if (target == field && assignment.Right is ObjectCreationExpressionSyntax created) yield return created;
            }
        }
    }
}
