using System.ComponentModel;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Scalar functions fused elementwise loops call, with the eager ops' formulas (GELU in double precision
/// with the same erf), so compiled and eager results agree to float32 rounding.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ScalarMath
{
    private const double Sqrt2OverPi = 0.7978845608028654; // sqrt(2/pi)
    private const double InvSqrt2Pi = 0.3989422804014327;  // 1/sqrt(2 pi)

    public static float Gelu(float x) => (float)Gelu((double)x);

    public static float GeluDerivative(float x) => (float)GeluDerivative((double)x);

    public static float GeluTanh(float x) => (float)GeluTanh((double)x);

    public static float GeluTanhDerivative(float x) => (float)GeluTanhDerivative((double)x);

    /// <summary>x·Φ(x): the eager op computes every floating dtype in double through these.</summary>
    public static double Gelu(double x) => x * Cdf(x);

    public static double GeluDerivative(double x) => Cdf(x) + x * Math.Exp(-0.5 * x * x) * InvSqrt2Pi;

    public static double GeluTanh(double x) => 0.5 * x * (1 + Math.Tanh(Sqrt2OverPi * (x + 0.044715 * x * x * x)));

    public static double GeluTanhDerivative(double x)
    {
        double t = Math.Tanh(Sqrt2OverPi * (x + 0.044715 * x * x * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Sqrt2OverPi * (1 + 3 * 0.044715 * x * x);
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
