using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Graph
{
    /// <summary>
    /// A symbolic dimension: a constant times a product of named sizes (a monomial), e.g. <c>5</c>,
    /// <c>B</c>, <c>numInputs</c>, <c>2*B</c>. Products and exact quotients stay monomials, which covers
    /// Flatten and View; anything that does not is given a fresh runtime symbol.
    /// </summary>
    internal sealed record SymDim(long Coef, EquatableArray<string> Symbols)
    {
        /// <summary>The batch size: the first dimension of Forward's inputs.</summary>
        public const string Batch = "B";

        public static SymDim Const(long value) => new(value, EquatableArray<string>.Empty);

        public static SymDim Symbol(string name) => new(1, new EquatableArray<string>(new[] { name }));

        public bool IsConstant => Symbols.Count == 0;

        /// <summary>A single symbol with coefficient 1 (a variable that can be bound).</summary>
        public string? AsSymbol => Coef == 1 && Symbols.Count == 1 ? Symbols[0] : null;

        public bool Contains(string symbol) => Symbols.Any(s => s == symbol);

        public SymDim Times(SymDim other) =>
            new(Coef * other.Coef, Symbols.Concat(other.Symbols).OrderBy(s => s, StringComparer.Ordinal).ToEquatableArray());

        /// <summary>The exact quotient, or null when <paramref name="divisor"/> does not divide this monomial.</summary>
        public SymDim? DividedBy(SymDim divisor)
        {
            if (divisor.Coef == 0 || Coef % divisor.Coef != 0) return null;
            var remaining = Symbols.ToList();
            foreach (var s in divisor.Symbols)
                if (!remaining.Remove(s)) return null;
            return new SymDim(Coef / divisor.Coef, remaining.ToEquatableArray());
        }

        /// <summary>
        /// Both monomials divided by everything they share (the coefficients' common divisor and common symbols):
        /// <c>20*B</c> and <c>7*B</c> become 20 and 7, so that a mismatch of constants shows even next to B.
        /// </summary>
        public static (SymDim A, SymDim B) CancelCommonFactors(SymDim a, SymDim b)
        {
            long gcd = a.Coef == 0 || b.Coef == 0 ? 1 : Gcd(System.Math.Abs(a.Coef), System.Math.Abs(b.Coef));
            var left = a.Symbols.ToList();
            var right = new List<string>();
            foreach (var s in b.Symbols)
                if (!left.Remove(s)) right.Add(s);
            return (new SymDim(a.Coef / gcd, left.ToEquatableArray()), new SymDim(b.Coef / gcd, right.ToEquatableArray()));
        }

        private static long Gcd(long x, long y)
        {
            while (y != 0) (x, y) = (y, x % y);
            return x;
        }

        public SymDim Substitute(Func<string, SymDim?> lookup)
        {
            var result = Const(Coef);
            foreach (var s in Symbols) result = result.Times(lookup(s) ?? Symbol(s));
            return result;
        }

        public static SymDim Product(IEnumerable<SymDim> dims)
        {
            var result = Const(1);
            foreach (var d in dims) result = result.Times(d);
            return result;
        }

        /// <summary>How the dimension reads in messages and comments: "5", "B", "2*B", "numInputs".</summary>
        public override string ToString()
        {
            if (Symbols.Count == 0) return Coef.ToString(CultureInfo.InvariantCulture);
            var sb = new StringBuilder();
            if (Coef != 1) sb.Append(Coef.ToString(CultureInfo.InvariantCulture)).Append('*');
            sb.Append(string.Join("*", Symbols));
            return sb.ToString();
        }

        /// <summary>The C# expression computing it, given the code name of each symbol.</summary>
        public string ToCode(Func<string, string> codeName)
        {
            if (Symbols.Count == 0) return Coef.ToString(CultureInfo.InvariantCulture);
            var factors = Symbols.Select(codeName).ToList();
            if (Coef != 1) factors.Insert(0, Coef.ToString(CultureInfo.InvariantCulture));
            return string.Join(" * ", factors);
        }
    }
}
