using System.Globalization;

namespace GraphGen.Nn;

/// <summary>Formats values as Python's <c>repr</c> does, so module reprs match PyTorch's character for character.</summary>
internal static class PythonRepr
{
    public static string Bool(bool value) => value ? "True" : "False";

    public static string String(string value) => "'" + value + "'";

    /// <summary>
    /// Python's float repr: the shortest round-trip digits, fixed notation for decimal exponents in
    /// [-4, 16) with at least one decimal (<c>1.0</c>, <c>0.3</c>), otherwise <c>1e-05</c> / <c>1e+16</c>.
    /// </summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        // "R" gives the shortest round-trip digits; read them and the exponent back. A value that is exactly a
        // float (e.g. a 0.3f passed as double) prints with float's shortest digits, "0.3", as the user wrote it.
        float single = (float)value;
        string r = single == value
            ? Math.Abs(single).ToString("R", CultureInfo.InvariantCulture)
            : Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOfAny(['E', 'e']);
        string mantissa = e < 0 ? r : r[..e];
        int exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        string digits = (dot < 0 ? mantissa : mantissa.Remove(dot, 1)).TrimStart('0');
        int pointPos = (dot < 0 ? mantissa.Length : dot) + exponent; // digits before the point
        int leadingZeros = (dot < 0 ? mantissa : mantissa.Remove(dot, 1)).Length - (dot < 0 ? mantissa : mantissa.Remove(dot, 1)).TrimStart('0').Length;
        pointPos -= leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        int decimalExponent = pointPos - 1; // value = 0.d1d2.. * 10^pointPos = d1.d2.. * 10^(pointPos-1)

        string sign = value < 0 ? "-" : "";
        if (decimalExponent < -4 || decimalExponent >= 16)
        {
            string m = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return $"{sign}{m}e{(decimalExponent < 0 ? "-" : "+")}{Math.Abs(decimalExponent):00}";
        }
        if (pointPos <= 0) return $"{sign}0.{new string('0', -pointPos)}{digits}";
        if (pointPos >= digits.Length) return $"{sign}{digits}{new string('0', pointPos - digits.Length)}.0";
        return $"{sign}{digits[..pointPos]}.{digits[pointPos..]}";
    }
}
