using System.Globalization;

namespace GraphGen.Generator.Ops
{
    /// <summary>Formats a number as a C# float literal that round-trips ("0.5f", "float.PositiveInfinity").</summary>
    internal static class FloatLiteral
    {
        public static string Of(double value)
        {
            float f = (float)value;
            if (float.IsNaN(f)) return "float.NaN";
            if (float.IsPositiveInfinity(f)) return "float.PositiveInfinity";
            if (float.IsNegativeInfinity(f)) return "float.NegativeInfinity";
            string text = f.ToString("R", CultureInfo.InvariantCulture);
            return text + "f";
        }
    }
}
