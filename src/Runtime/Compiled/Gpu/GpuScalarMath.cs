using System.ComponentModel;
using GraphGen.Kernels.Gpu;

namespace GraphGen.Compiled.Gpu;

/// <summary>
/// <see cref="GraphGen.Kernels.Cpu.ScalarMath"/>'s functions for GPU kernels: the same formulas (GELU with Numerical Recipes' erf,
/// its tanh approximation, their derivatives) in float32 over <see cref="GpuMath"/>'s PTX-native exp and tanh,
/// so generated kernels need no CUDA toolkit. They agree with the CPU versions to float32 tolerance, not bit for bit.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GpuScalarMath
{
    private const float Sqrt2OverPi = 0.7978845608028654f;
    private const float InvSqrt2Pi = 0.3989422804014327f;
    private const float InvSqrt2 = 0.7071067811865476f;

    /// <summary>−1, 0 or 1 as a float (MathF.Sign returns an int and throws on NaN; NaN stays NaN here).</summary>
    public static float Sign(float x) => x > 0f ? 1f : x < 0f ? -1f : x;

    public static float Gelu(float x) => x * Cdf(x);

    public static float GeluDerivative(float x) => Cdf(x) + x * GpuMath.Exp(-0.5f * x * x) * InvSqrt2Pi;

    public static float GeluTanh(float x) => 0.5f * x * (1f + GpuMath.Tanh(Sqrt2OverPi * (x + 0.044715f * x * x * x)));

    public static float GeluTanhDerivative(float x)
    {
        float t = GpuMath.Tanh(Sqrt2OverPi * (x + 0.044715f * x * x * x));
        return 0.5f * (1f + t) + 0.5f * x * (1f - t * t) * Sqrt2OverPi * (1f + 3f * 0.044715f * x * x);
    }

    private static float Cdf(float x) => 0.5f * (1f + Erf(x * InvSqrt2));

    /// <summary>The error function via Numerical Recipes' erfc (fractional error below 1.2e-7), in float32.</summary>
    public static float Erf(float x)
    {
        float z = x < 0 ? -x : x;
        float t = 1f / (1f + 0.5f * z);
        float r = t * GpuMath.Exp(-z * z - 1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f +
            t * (-0.18628806f + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f + t * (-0.82215223f + t * 0.17087277f)))))))));
        return x >= 0 ? 1f - r : r - 1f;
    }
}
