namespace GraphGen.Kernels.Gpu;

/// <summary>
/// A function of one value and a scalar parameter, inlined into <see cref="ElementwiseKernels.Map{T, TOp}"/>;
/// each op implements it for float (float32 tensors) and double (float64 tensors, computed in double on the device).
/// </summary>
public interface IUnaryOp<T> where T : unmanaged
{
    T Apply(T x, T parameter);
}

/// <summary>An integer function of one value (neg, abs, relu keep an integer tensor's dtype; computed in int64).</summary>
public interface IInt64UnaryOp
{
    long Apply(long x);
}

public struct NegOp : IUnaryOp<float>, IUnaryOp<double>, IInt64UnaryOp
{
    public readonly float Apply(float x, float p) => -x;
    public readonly double Apply(double x, double p) => -x;
    public readonly long Apply(long x) => -x;
}

public struct AbsOp : IUnaryOp<float>, IUnaryOp<double>, IInt64UnaryOp
{
    public readonly float Apply(float x, float p) => x < 0 ? -x : x;
    public readonly double Apply(double x, double p) => x < 0 ? -x : x;
    public readonly long Apply(long x) => x < 0 ? -x : x;
}

public struct ExpOp : IUnaryOp<float>, IUnaryOp<double>
{
    public readonly float Apply(float x, float p) => GpuMath.Exp(x);
    public readonly double Apply(double x, double p) => GpuMath64.Exp(x);
}

public struct LogOp : IUnaryOp<float>, IUnaryOp<double>
{
    public readonly float Apply(float x, float p) => GpuMath.Log(x);
    public readonly double Apply(double x, double p) => GpuMath64.Log(x);
}

public struct SqrtOp : IUnaryOp<float>, IUnaryOp<double>
{
    public readonly float Apply(float x, float p) => MathF.Sqrt(x);
    public readonly double Apply(double x, double p) => Math.Sqrt(x);
}

/// <summary>max(x, 0) written as a select, which PTX turns into a branch-free <c>selp</c>/<c>max</c>.</summary>
public struct ReluOp : IUnaryOp<float>, IUnaryOp<double>, IInt64UnaryOp
{
    public readonly float Apply(float x, float p) => x > 0 ? x : (float.IsNaN(x) ? x : 0f);
    public readonly double Apply(double x, double p) => x > 0 ? x : (double.IsNaN(x) ? x : 0.0);
    public readonly long Apply(long x) => x > 0 ? x : 0;
}

public struct SigmoidOp : IUnaryOp<float>, IUnaryOp<double>
{
    public readonly float Apply(float x, float p) => GpuMath.Sigmoid(x);
    public readonly double Apply(double x, double p) => GpuMath64.Sigmoid(x);
}

public struct TanhOp : IUnaryOp<float>, IUnaryOp<double>
{
    public readonly float Apply(float x, float p) => GpuMath.Tanh(x);
    public readonly double Apply(double x, double p) => GpuMath64.Tanh(x);
}


/// <summary>GELU, exact: x·Φ(x).</summary>
public struct GeluOp : IUnaryOp<float>, IUnaryOp<double>
{
    public readonly float Apply(float x, float p) => x * GpuMath.NormalCdf(x);
    public readonly double Apply(double x, double p) => x * GpuMath64.NormalCdf(x);
}

/// <summary>GELU with the tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
public struct GeluTanhOp : IUnaryOp<float>, IUnaryOp<double>
{
    public readonly float Apply(float x, float p) => 0.5f * x * (1f + GpuMath.Tanh(0.7978845608028654f * (x + 0.044715f * x * x * x)));
    public readonly double Apply(double x, double p) => 0.5 * x * (1 + GpuMath64.Tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)));
}

/// <summary>ELU with alpha = the parameter: x for x &gt; 0, alpha·(eˣ − 1) otherwise (exp only sees non-positive values).</summary>
public struct EluOp : IUnaryOp<float>, IUnaryOp<double>
{
    public readonly float Apply(float x, float p) => x > 0 ? x : p * (GpuMath.Exp(x) - 1f);
    public readonly double Apply(double x, double p) => x > 0 ? x : p * (GpuMath64.Exp(x) - 1);
}

/// <summary>x for x &gt; 0, slope·x otherwise (slope = the parameter).</summary>
public struct LeakyReluOp : IUnaryOp<float>, IUnaryOp<double>
{
    public readonly float Apply(float x, float p) => x > 0 ? x : x * p;
    public readonly double Apply(double x, double p) => x > 0 ? x : x * p;
}

/// <summary>A derivative of a unary op: the upstream gradient times f′(x), for <see cref="ElementwiseKernels.MapBackward{T, TOp}"/> (float and double).</summary>
public interface IUnaryGradOp<T> where T : unmanaged
{
    T Apply(T x, T grad, T parameter);
}

/// <summary>d/dx x·Φ(x) = Φ(x) + x·φ(x).</summary>

public struct GeluGradOp : IUnaryGradOp<float>, IUnaryGradOp<double>
{
    public readonly float Apply(float x, float g, float p) => g * (GpuMath.NormalCdf(x) + x * GpuMath.Exp(-0.5f * x * x) * 0.3989422804014327f);
    public readonly double Apply(double x, double g, double p) => g * (GpuMath64.NormalCdf(x) + x * GpuMath64.Exp(-0.5 * x * x) * 0.3989422804014327);
}

public struct GeluTanhGradOp : IUnaryGradOp<float>, IUnaryGradOp<double>
{
    public readonly float Apply(float x, float g, float p)
    {
        const float k = 0.7978845608028654f;
        float t = GpuMath.Tanh(k * (x + 0.044715f * x * x * x));
        return g * (0.5f * (1f + t) + 0.5f * x * (1f - t * t) * k * (1f + 3f * 0.044715f * x * x));
    }

    public readonly double Apply(double x, double g, double p)
    {
        const double k = 0.7978845608028654;
        double t = GpuMath64.Tanh(k * (x + 0.044715 * x * x * x));
        return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * 0.044715 * x * x));
    }
}

/// <summary>1 for x &gt; 0, alpha·eˣ otherwise.</summary>
public struct EluGradOp : IUnaryGradOp<float>, IUnaryGradOp<double>
{
    public readonly float Apply(float x, float g, float p) => x > 0 ? g : g * p * GpuMath.Exp(x);
    public readonly double Apply(double x, double g, double p) => x > 0 ? g : g * p * GpuMath64.Exp(x);
}

/// <summary>1 for x &gt; 0, slope otherwise.</summary>
public struct LeakyReluGradOp : IUnaryGradOp<float>, IUnaryGradOp<double>
{
    public readonly float Apply(float x, float g, float p) => x > 0 ? g : g * p;
    public readonly double Apply(double x, double g, double p) => x > 0 ? g : g * p;
}
