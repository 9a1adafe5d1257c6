using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Graph.Scalar;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// Writes <see cref="ScalarExpr"/>s and <see cref="ScalarProgram"/>s as C# for one backend, in the manner of
    /// tinygrad's <c>code_for_op</c>: the walk, operator precedence and literals are here, once; each backend
    /// gives its math table (<see cref="Function"/>), how a select, a buffer read and a parameter read look, and
    /// how a local is declared. A function missing from a backend's table has no form there: rendering returns null.
    /// </summary>
    internal abstract class ScalarRenderer
    {
        private const int Additive = 1, Multiplicative = 2, Unary = 3, Primary = 4;

        /// <summary>The keyword declaring a local (<c>float</c>, <c>var</c>).</summary>
        protected abstract string Declaration { get; }

        /// <summary>The callee for <paramref name="function"/> (<c>global::System.MathF.Exp</c>), or null when this backend has none.</summary>
        protected abstract string? Function(MathFunction function);

        /// <summary>The element at the current index of <paramref name="buffer"/>.</summary>
        protected abstract string Load(string buffer);

        /// <summary>A kernel parameter by its name.</summary>
        protected virtual string Parameter(string name) => name;

        /// <summary>A branch-free select from the rendered parts.</summary>
        protected abstract string Select(ScalarComparison comparison, string left, string right, string whenTrue, string whenFalse);

        /// <summary>The program's statements, one line each; null when one of them has no form on this backend.</summary>
        public IReadOnlyList<string>? Statements(ScalarProgram program)
        {
            var lines = new List<string>();
            foreach (var s in program.Statements)
            {
                var value = Render(s.Value);
                if (value is null) return null;
                lines.Add(s.Accumulate
                    ? $"{s.Target} += {value};"
                    : $"{Declaration} {s.Target} = {value};{(s.Comment is null ? "" : " // " + s.Comment)}");
            }

            return lines;
        }

        /// <summary>The program's statements on a backend whose table has every function (CPU scalar, GPU).</summary>
        public IReadOnlyList<string> AllStatements(ScalarProgram program) =>
            Statements(program) ?? throw new System.InvalidOperationException($"{GetType().Name}: a function of the chain has no form on this backend.");

        /// <summary>The expression as C#, or null when it calls a function this backend has no form of.</summary>
        public string? Render(ScalarExpr expression) => Render(expression, out _);

        private string? Render(ScalarExpr e, out int precedence)
        {
            precedence = Primary;
            switch (e)
            {
                case ScalarConstant c:
                    return FloatLiteral.Of(c.Value);
                case ScalarVariable v:
                    return v.Name;
                case ScalarParameter p:
                    return Parameter(p.Name);
                case ScalarLoad l:
                    return Load(l.Buffer);
                case ScalarNegate n:
                {
                    precedence = Unary;
                    var operand = Operand(n.Operand, Unary, parenthesizeEqual: false);
                    // "-" before a negative literal or another negation would read as "--".
                    return operand is null ? null : "-" + (operand.StartsWith("-", System.StringComparison.Ordinal) ? "(" + operand + ")" : operand);
                }
                case ScalarArithmetic a:
                {
                    precedence = a.Operator is ScalarOperator.Add or ScalarOperator.Subtract ? Additive : Multiplicative;
                    var left = Operand(a.Left, precedence, parenthesizeEqual: false);
                    var right = Operand(a.Right, precedence, parenthesizeEqual: true);
                    return left is null || right is null ? null : $"{left} {Symbol(a.Operator)} {right}";
                }
                case ScalarSelect s:
                {
                    var left = Render(s.Condition.Left);
                    var right = Render(s.Condition.Right);
                    var whenTrue = Render(s.WhenTrue);
                    var whenFalse = Render(s.WhenFalse);
                    return left is null || right is null || whenTrue is null || whenFalse is null ? null : Select(s.Condition.Comparison, left, right, whenTrue, whenFalse);
                }
                case ScalarCall call:
                {
                    var callee = Function(call.Function);
                    var arguments = call.Arguments.Select(Render).ToList();
                    return callee is null || arguments.Any(a => a is null) ? null : $"{callee}({string.Join(", ", arguments)})";
                }
                default:
                    throw new System.InvalidOperationException($"ScalarRenderer: unknown expression {e}.");
            }
        }

        /// <summary>An operand, in parentheses when it binds more loosely than its operator (or as loosely, on the right: a - (b - c)).</summary>
        private string? Operand(ScalarExpr e, int context, bool parenthesizeEqual)
        {
            var text = Render(e, out int precedence);
            if (text is null) return null;
            return precedence < context || (parenthesizeEqual && precedence == context) ? "(" + text + ")" : text;
        }

        private static string Symbol(ScalarOperator op) => op switch
        {
            ScalarOperator.Add => "+",
            ScalarOperator.Subtract => "-",
            ScalarOperator.Multiply => "*",
            _ => "/",
        };

        /// <summary>The C# operator of a comparison.</summary>
        protected static string Symbol(ScalarComparison comparison) => comparison switch
        {
            ScalarComparison.GreaterThan => ">",
            ScalarComparison.GreaterThanOrEqual => ">=",
            ScalarComparison.LessThan => "<",
            _ => "<=",
        };
    }
}
