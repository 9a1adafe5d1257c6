namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Double-precision math for kernels from arithmetic, bit casts and <c>sqrt.rn.f64</c> only: PTX has no f64
/// exp/log instructions and ILGPU would otherwise call CUDA's LibDevice (see <see cref="GpuMath"/>). Exp and
/// log use fdlibm's argument reductions with polynomials accurate to a few ulps.
/// </summary>
public static class GpuMath64
{
    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 6.93147180369123816490e-01; // ln 2 = Ln2Hi + Ln2Lo, n·Ln2Hi exact for |n| < 2^11
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>e^x: x = n·ln 2 + r with |r| ≤ ln2/2, e^r by its Taylor series to r¹⁴, then the exponent added in two halves.</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x > 709.782712893384) return double.PositiveInfinity;
        if (x < -745.1332191019412) return 0;
        double n = Math.Floor(x * Log2E + 0.5);
        double r = x - n * Ln2Hi - n * Ln2Lo;
        double p = 1 + r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720 + r * (1.0 / 5040 + r * (1.0 / 40320 +
            r * (1.0 / 362880 + r * (1.0 / 3628800 + r * (1.0 / 39916800 + r * (1.0 / 479001600 + r * (1.0 / 6227020800 + r * (1.0 / 87178291200))))))))))))));
        int k = (int)n, half = k / 2;
        return p * Pow2(half) * Pow2(k - half);
    }

    /// <summary>2^k for −1022 ≤ k ≤ 1023, built from its exponent bits.</summary>
    private static double Pow2(int k) => BitConverter.Int64BitsToDouble((long)(k + 1023) << 52);

    /// <summary>ln x: x = m·2^k with m in [√½, √2), ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172, by its odd series.</summary>
    public static double Log(double x)
    {
        if (double.IsNaN(x) || x < 0) return double.NaN;
        if (x == 0) return double.NegativeInfinity;
        if (double.IsPositiveInfinity(x)) return x;
        int k = 0;
        if (x < 2.2250738585072014e-308)
        {
            x *= 18014398509481984.0; // 2^54: subnormals become normal
            k = -54;
        }
        long bits = BitConverter.DoubleToInt64Bits(x);
        k += (int)((bits >> 52) & 0x7FF) - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        if (m > Sqrt2)
        {
            m *= 0.5;
            k++;
        }
        double s = (m - 1) / (m + 1), s2 = s * s;
        double series = 1 + s2 * (1.0 / 3 + s2 * (1.0 / 5 + s2 * (1.0 / 7 + s2 * (1.0 / 9 + s2 * (1.0 / 11 + s2 * (1.0 / 13 + s2 * (1.0 / 15 +
            s2 * (1.0 / 17 + s2 * (1.0 / 19 + s2 * (1.0 / 21 + s2 * (1.0 / 23)))))))))));
        return k * Ln2Hi + (2 * s * series + k * Ln2Lo);
    }

    /// <summary>tanh: its Taylor series near 0 (where 1 − 2/(e^{2x} + 1) cancels), that formula elsewhere, ±1 beyond 19.1.</summary>
    public static double Tanh(double x)
    {
        double ax = x < 0 ? -x : x;
        if (ax < 0.125)
        {
            double x2 = x * x;
            return x * (1 + x2 * (-1.0 / 3 + x2 * (2.0 / 15 + x2 * (-17.0 / 315 + x2 * (62.0 / 2835 + x2 * (-1382.0 / 155925 +
                x2 * (21844.0 / 6081075 + x2 * (-929569.0 / 638512875))))))));
        }
        if (ax > 19.1) return x < 0 ? -1 : x > 0 ? 1 : x;
        double t = 1 - 2 / (Exp(2 * ax) + 1);
        return x < 0 ? -t : t;
    }

    /// <summary>1 / (1 + e^−x) with a non-positive exponent only.</summary>
    public static double Sigmoid(double x)
    {
        if (x >= 0) return 1 / (1 + Exp(-x));
        double e = Exp(x);
        return e / (1 + e);
    }

    /// <summary>x^p with C's rules, as <see cref="GpuMath.Pow"/>.</summary>
    public static double Pow(double x, double p)
    {
        if (p == 0) return 1;
        if (p == 1) return x;
        if (p == 2) return x * x;
        if (p == 3) return x * x * x;
        if (p == 0.5) return x < 0 ? double.NaN : Math.Sqrt(x);
        if (p == -1) return 1 / x;
        if (x == 0) return p > 0 ? 0 : double.PositiveInfinity;
        double ax = x < 0 ? -x : x;
        double r = Exp(p * Log(ax));
        if (x > 0) return r;
        if (p != Math.Floor(p)) return double.NaN;
        return Math.Floor(p * 0.5) * 2 != p ? -r : r;
    }

    /// <summary>Φ(x) by the same Numerical Recipes erfc fit the CPU's GELU uses (so both backends agree to rounding).</summary>
    public static double NormalCdf(double x)
    {
        double z = (x < 0 ? -x : x) * 0.7071067811865476;
        double t = 1 / (1 + 0.5 * z);
        double r = t * Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - 0.5 * r : 0.5 * r;
    }
}
