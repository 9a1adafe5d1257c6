using System.Collections.Generic;
using System.Text;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// Turns the scalar statements of a fused elementwise loop (written by ScalarAdjoint from each op's scalar
    /// formula) into the same statements over <c>V : GraphGen.Compiled.ISimdFloat&lt;V&gt;</c>. Arithmetic text
    /// is already valid (V has the operators and converts floats implicitly); <c>MathF.F(..)</c> becomes
    /// <c>V.F(..)</c> for the functions V has, and <c>(a &gt; b ? c : d)</c> becomes
    /// <c>V.Select(V.GreaterThan(a, b), c, d)</c>. Anything else (another function, a cast, an equality test)
    /// has no vector form: the translation returns null and the chain keeps its scalar loop only.
    /// </summary>
    internal static class SimdFormula
    {
        private const string MathF = "global::System.MathF.";

        private static readonly HashSet<string> VectorFunctions = new() { "Exp", "Log", "Sqrt", "Abs", "Max", "Min", "Sign" };

        private static readonly HashSet<string> Keywords = new() { "float", "double", "int", "long", "new", "true", "false", "null", "is", "as" };

        /// <summary>The vector statement for one scalar statement line, or null when it has no vector form.</summary>
        /// <remarks>Accepts <c>float name = expr;[ // comment]</c> and <c>g_name += expr;</c>; lines starting
        /// with <c>if (!</c> or <c>V.Store(</c> are the emitter's own (already vector) stores and pass through.</remarks>
        public static string? Statement(string line)
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith("if (!", System.StringComparison.Ordinal) || trimmed.StartsWith("V.Store(", System.StringComparison.Ordinal)) return trimmed;
            int end = trimmed.IndexOf(';');
            if (end < 0) return null;
            string statement = trimmed.Substring(0, end), rest = trimmed.Substring(end + 1);
            if (statement.StartsWith("float ", System.StringComparison.Ordinal))
            {
                int eq = statement.IndexOf(" = ", System.StringComparison.Ordinal);
                if (eq < 0) return null;
                var value = Expression(statement.Substring(eq + 3));
                return value is null ? null : $"var {statement.Substring(6, eq - 6)} = {value};{rest}";
            }

            int plus = statement.IndexOf(" += ", System.StringComparison.Ordinal);
            if (plus > 0 && statement.StartsWith("g_", System.StringComparison.Ordinal))
            {
                var value = Expression(statement.Substring(plus + 4));
                return value is null ? null : $"{statement.Substring(0, plus)} += {value};{rest}";
            }

            return null;
        }

        /// <summary>The vector form of a scalar float expression, or null.</summary>
        public static string? Expression(string text)
        {
            text = text.Trim();
            int comma = TopLevel(text, ',');
            if (comma >= 0)
            {
                var first = Expression(text.Substring(0, comma));
                var others = Expression(text.Substring(comma + 1));
                return first is null || others is null ? null : first + ", " + others;
            }

            int question = TopLevel(text, '?');
            if (question < 0) return Plain(text);
            int colon = MatchingColon(text, question);
            if (colon < 0) return null;
            var mask = Condition(text.Substring(0, question));
            var whenTrue = Expression(text.Substring(question + 1, colon - question - 1));
            var whenFalse = Expression(text.Substring(colon + 1));
            return mask is null || whenTrue is null || whenFalse is null ? null : $"V.Select({mask}, {whenTrue}, {whenFalse})";
        }

        private static string? Condition(string text)
        {
            foreach (var (op, name) in new[] { (">=", "GreaterThanOrEqual"), ("<=", "LessThanOrEqual"), (">", "GreaterThan"), ("<", "LessThan") })
            {
                int at = TopLevelOperator(text, op);
                if (at < 0) continue;
                var left = Expression(text.Substring(0, at));
                var right = Expression(text.Substring(at + op.Length));
                return left is null || right is null ? null : $"V.{name}({left}, {right})";
            }

            return null;
        }

        /// <summary>An expression without a top-level ?: — names, literals, operators and parenthesised sub-expressions.</summary>
        private static string? Plain(string text)
        {
            var sb = new StringBuilder();
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '(')
                {
                    int close = Matching(text, i);
                    if (close < 0) return null;
                    var inner = Expression(text.Substring(i + 1, close - i - 1));
                    if (inner is null) return null;
                    // A ?: inside parentheses became a call already; keep the parentheses otherwise.
                    sb.Append(inner.StartsWith("V.Select(", System.StringComparison.Ordinal) && Matching(inner, 8) == inner.Length - 1 ? inner : "(" + inner + ")");
                    i = close + 1;
                }
                else if (char.IsLetter(c) || c == '_')
                {
                    int start = i;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '.' || text[i] == ':')) i++;
                    var name = Name(text.Substring(start, i - start));
                    if (name is null) return null;
                    sb.Append(name);
                }
                else if (char.IsDigit(c))
                {
                    int start = i;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '.' || ((text[i] == '-' || text[i] == '+') && (text[i - 1] == 'e' || text[i - 1] == 'E')))) i++;
                    sb.Append(text, start, i - start);
                }
                else if ("+-*/ ".IndexOf(c) >= 0)
                {
                    sb.Append(c);
                    i++;
                }
                else
                {
                    return null; // comparisons outside a ?: condition, casts' brackets, indexing, logic operators
                }
            }

            return sb.ToString();
        }

        private static string? Name(string name)
        {
            if (name.StartsWith(MathF, System.StringComparison.Ordinal))
            {
                string function = name.Substring(MathF.Length);
                return VectorFunctions.Contains(function) ? "V." + function : null;
            }

            if (name == "V.Load") return name; // the emitter's own loads of the kernel's spans
            if (name.IndexOf('.') >= 0 || name.IndexOf(':') >= 0 || Keywords.Contains(name)) return null;
            return name; // a local (in0, v_relu_3, g_add_2) or a float parameter (act_alpha)
        }

        private static int TopLevel(string text, char target)
        {
            int depth = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '(') depth++;
                else if (c == ')') depth--;
                else if (depth == 0 && c == target) return i;
            }

            return -1;
        }

        private static int TopLevelOperator(string text, string op)
        {
            int depth = 0;
            for (int i = 0; i + op.Length <= text.Length; i++)
            {
                char c = text[i];
                if (c == '(') depth++;
                else if (c == ')') depth--;
                else if (depth == 0 && string.CompareOrdinal(text, i, op, 0, op.Length) == 0
                    && (op.Length == 2 || i + 1 >= text.Length || text[i + 1] != '=')) return i;
            }

            return -1;
        }

        /// <summary>The ':' that closes the '?' at <paramref name="question"/> (nested ?: counted; '::' skipped).</summary>
        private static int MatchingColon(string text, int question)
        {
            int depth = 0, pending = 0;
            for (int i = question + 1; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '(') depth++;
                else if (c == ')') depth--;
                else if (depth != 0) continue;
                else if (c == '?') pending++;
                else if (c == ':')
                {
                    if (i + 1 < text.Length && text[i + 1] == ':') { i++; continue; }
                    if (pending == 0) return i;
                    pending--;
                }
            }

            return -1;
        }

        private static int Matching(string text, int open)
        {
            int depth = 0;
            for (int i = open; i < text.Length; i++)
            {
                if (text[i] == '(') depth++;
                else if (text[i] == ')' && --depth == 0) return i;
            }

            return -1;
        }
    }
}
