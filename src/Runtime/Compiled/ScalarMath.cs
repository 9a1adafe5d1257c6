using System.ComponentModel;

namespace GraphGen.Compiled;

/// <summary>
/// Scalar functions fused elementwise loops call, with the eager ops' formulas (GELU in double precision
/// with the same erf), so compiled and eager results agree to float32 rounding.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ScalarMath
{
    private const double Sqrt2OverPi = 0.7978845608028654; // sqrt(2/pi)
    private const double InvSqrt2Pi = 0.3989422804014327;  // 1/sqrt(2 pi)

    public static float Gelu(float x) => (float)(x * Cdf(x));

    public static float GeluDerivative(float x) => (float)(Cdf(x) + x * Math.Exp(-0.5 * x * x) * InvSqrt2Pi);

    public static float GeluTanh(float x)
    {
        double v = x, t = Math.Tanh(Sqrt2OverPi * (v + 0.044715 * v * v * v));
        return (float)(0.5 * v * (1 + t));
    }

    public static float GeluTanhDerivative(float x)
    {
        double v = x, t = Math.Tanh(Sqrt2OverPi * (v + 0.044715 * v * v * v));
        return (float)(0.5 * (1 + t) + 0.5 * v * (1 - t * t) * Sqrt2OverPi * (1 + 3 * 0.044715 * v * v));
    }

    private static double Cdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

    /// <summary>The error function via Numerical Recipes' erfc (fractional error below 1.2e-7), as the eager GELU.</summary>
    public static double Erf(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - r : r - 1;
    }
}
