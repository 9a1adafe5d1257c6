using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace GraphGen.Generator.Analyzers
{
    /// <summary>
    /// One published constraint on a module's constructor parameters, <c>left == right: message</c>, each side a
    /// product of an integer and parameter names (<c>2*hidden</c>); the message writes non-constant sizes as
    /// <c>{size}</c> (see <c>ModuleFactsBuilder</c>).
    /// </summary>
    internal sealed class ShapeConstraint
    {
        private static readonly Regex s_size = new(@"\{([^{}]+)\}", RegexOptions.Compiled);

        private ShapeConstraint(string left, string right, string message)
        {
            Left = left;
            Right = right;
            Message = message;
        }

        public string Left { get; }

        public string Right { get; }

        public string Message { get; }

        public static ShapeConstraint? Parse(string text)
        {
            int colon = text.IndexOf(": ", System.StringComparison.Ordinal);
            int equals = text.IndexOf(" == ", System.StringComparison.Ordinal);
            if (colon < 0 || equals < 0 || equals > colon) return null;
            return new ShapeConstraint(text.Substring(0, equals), text.Substring(equals + 4, colon - equals - 4), text.Substring(colon + 2));
        }

        /// <summary>The message with its sizes' values when <paramref name="values"/> decide both sides and they differ; else null.</summary>
        public string? Violation(IReadOnlyDictionary<string, long> values)
        {
            if (Evaluate(Left, values) is not { } left || Evaluate(Right, values) is not { } right || left == right) return null;
            return s_size.Replace(Message, m => Evaluate(m.Groups[1].Value, values) is { } v ? v.ToString(CultureInfo.InvariantCulture) : m.Groups[1].Value);
        }

        /// <summary>A product such as <c>2*hidden</c>, or null when a factor is not a number and not a known parameter.</summary>
        private static long? Evaluate(string product, IReadOnlyDictionary<string, long> values)
        {
            long result = 1;
            foreach (var factor in product.Split('*'))
            {
                if (long.TryParse(factor, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n)) result *= n;
                else if (values.TryGetValue(factor, out long v)) result *= v;
                else return null;
            }

            return result;
        }
    }
}
