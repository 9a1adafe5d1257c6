using System.ComponentModel;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Float math for kernels, built only on PTX-native instructions (<c>ex2.approx</c>, <c>lg2.approx</c>,
/// <c>sqrt.rn</c>): ILGPU maps <c>MathF.Exp/Log/Tanh</c> to CUDA's LibDevice, which needs the CUDA
/// toolkit's NVVM at run time; these versions need nothing and stay within a few float32 ulps. Generated kernels
/// call them too, with GELU and its derivatives: the CPU's formulas (GraphGen.Kernels.Cpu.ScalarMath) in float32,
/// agreeing with them to float32 tolerance, not bit for bit.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GpuMath
{
    private const float Sqrt2OverPi = 0.7978845608028654f;
    private const float InvSqrt2Pi = 0.3989422804014327f;

    private const float Log2E = 1.44269504088896341f;
    private const float Ln2 = 0.693147180559945309f;
    private const float Ln2Hi = 0.693145751953125f;       // ln 2 split so n·Ln2Hi is exact
    private const float Ln2Lo = 1.42860682030941723212e-6f;

    /// <summary>e^x with Cody–Waite reduction: e^x = 2^n · 2^(r·log2 e), |r| ≤ ln2/2, so the approximate exp2 sees a small argument.</summary>
    public static float Exp(float x)
    {
        if (x > 88.72284f) return float.PositiveInfinity;
        if (x < -103.97208f) return 0f;
        if (float.IsNaN(x)) return x;
        float t = x * Log2E;
        int n = (int)(t >= 0 ? t + 0.5f : t - 0.5f);
        float r = x - n * Ln2Hi - n * Ln2Lo;
        int half = n / 2;
        // 2^n as two factors so neither overflows or flushes on its own near the ends of the range.
        return IntrinsicMath.CPUOnly.Exp2(r * Log2E) * IntrinsicMath.CPUOnly.Exp2((float)half) * IntrinsicMath.CPUOnly.Exp2((float)(n - half));
    }

    /// <summary>Natural logarithm: log2(x)·ln 2 (−∞ at 0, NaN below).</summary>
    public static float Log(float x) => IntrinsicMath.CPUOnly.Log2(x) * Ln2;

    /// <summary>tanh, from <see cref="Exp"/> away from 0 and a short series near it (where 1 − 2/(e^{2x}+1) would cancel).</summary>
    public static float Tanh(float x)
    {
        float ax = x < 0 ? -x : x;
        if (ax < 0.125f)
        {
            float x2 = x * x;
            return x * (1f + x2 * (-1f / 3f + x2 * (2f / 15f + x2 * (-17f / 315f))));
        }
        if (ax > 9.1f) return x < 0 ? -1f : x > 0 ? 1f : x; // NaN falls through the comparisons
        float t = 1f - 2f / (Exp(2f * ax) + 1f);
        return x < 0 ? -t : t;
    }

    /// <summary>1 / (1 + e^−x), written so the exponent is never positive (no overflow, no cancellation).</summary>
    public static float Sigmoid(float x)
    {
        if (x >= 0) return 1f / (1f + Exp(-x));
        float e = Exp(x);
        return e / (1f + e);
    }

    /// <summary>x^p with C's rules: exact for the common exponents, negative bases only for integral p.</summary>
    public static float Pow(float x, float p)
    {
        if (p == 0f) return 1f;
        if (p == 1f) return x;
        if (p == 2f) return x * x;
        if (p == 3f) return x * x * x;
        if (p == 0.5f) return x < 0 ? float.NaN : MathF.Sqrt(x);
        if (p == -1f) return 1f / x;
        if (x == 0f) return p > 0 ? 0f : float.PositiveInfinity;
        float ax = x < 0 ? -x : x;
        float r = IntrinsicMath.CPUOnly.Exp2(p * IntrinsicMath.CPUOnly.Log2(ax));
        if (x > 0) return r;
        if (p != (float)(int)p) return float.NaN; // a negative base to a fractional power
        return ((int)p & 1) != 0 ? -r : r;
    }

    /// <summary>
    /// erfc(|x|) for x ≥ 0 by Numerical Recipes' Chebyshev fit (fractional error below 1.2e-7): returned
    /// as the complement so callers forming 1 + erf(x) for negative x avoid the cancellation of 1 − (1 − r).
    /// </summary>
    public static float ErfcOfAbs(float x)
    {
        float z = x < 0 ? -x : x;
        float t = 1f / (1f + 0.5f * z);
        return t * Exp(-z * z - 1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f +
            t * (-0.18628806f + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f + t * (-0.82215223f + t * 0.17087277f)))))))));
    }

    /// <summary>Φ(x) = ½(1 + erf(x/√2)), the standard normal CDF, accurate in both tails.</summary>
    public static float NormalCdf(float x)
    {
        float r = ErfcOfAbs(x * 0.70710678118654752f);
        return x >= 0 ? 1f - 0.5f * r : 0.5f * r;
    }

    /// <summary>−1, 0 or 1 as a float (MathF.Sign returns an int and throws on NaN; NaN stays NaN here).</summary>
    public static float Sign(float x) => x > 0f ? 1f : x < 0f ? -1f : x;

    public static float Gelu(float x) => x * NormalCdf(x);

    public static float GeluDerivative(float x) => NormalCdf(x) + x * Exp(-0.5f * x * x) * InvSqrt2Pi;

    public static float GeluTanh(float x) => 0.5f * x * (1f + Tanh(Sqrt2OverPi * (x + 0.044715f * x * x * x)));

    public static float GeluTanhDerivative(float x)
    {
        float t = Tanh(Sqrt2OverPi * (x + 0.044715f * x * x * x));
        return 0.5f * (1f + t) + 0.5f * x * (1f - t * t) * Sqrt2OverPi * (1f + 3f * 0.044715f * x * x);
    }
}
