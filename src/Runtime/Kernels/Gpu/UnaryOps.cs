namespace GraphGen.Kernels.Gpu;

/// <summary>A float function of one value and a scalar parameter, inlined into <see cref="ElementwiseKernels.Map{TOp}"/>.</summary>
public interface IUnaryOp
{
    float Apply(float x, float parameter);
}

public struct NegOp : IUnaryOp { public readonly float Apply(float x, float p) => -x; }

public struct AbsOp : IUnaryOp { public readonly float Apply(float x, float p) => x < 0 ? -x : x; }

public struct ExpOp : IUnaryOp { public readonly float Apply(float x, float p) => GpuMath.Exp(x); }

public struct LogOp : IUnaryOp { public readonly float Apply(float x, float p) => GpuMath.Log(x); }

public struct SqrtOp : IUnaryOp { public readonly float Apply(float x, float p) => MathF.Sqrt(x); }

/// <summary>max(x, 0) written as a select, which PTX turns into a branch-free <c>selp</c>/<c>max</c>.</summary>
public struct ReluOp : IUnaryOp { public readonly float Apply(float x, float p) => x > 0 ? x : (float.IsNaN(x) ? x : 0f); }

public struct SigmoidOp : IUnaryOp { public readonly float Apply(float x, float p) => GpuMath.Sigmoid(x); }

public struct TanhOp : IUnaryOp { public readonly float Apply(float x, float p) => GpuMath.Tanh(x); }


/// <summary>GELU, exact: x·Φ(x).</summary>
public struct GeluOp : IUnaryOp { public readonly float Apply(float x, float p) => x * GpuMath.NormalCdf(x); }

/// <summary>GELU with the tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
public struct GeluTanhOp : IUnaryOp
{
    public readonly float Apply(float x, float p) => 0.5f * x * (1f + GpuMath.Tanh(0.7978845608028654f * (x + 0.044715f * x * x * x)));
}

/// <summary>ELU with alpha = the parameter: x for x &gt; 0, alpha·(eˣ − 1) otherwise (exp only sees non-positive values).</summary>
public struct EluOp : IUnaryOp { public readonly float Apply(float x, float p) => x > 0 ? x : p * (GpuMath.Exp(x) - 1f); }

/// <summary>A derivative of a unary op: the upstream gradient times f′(x), for <see cref="ElementwiseKernels.MapBackward{TOp}"/>.</summary>
public interface IUnaryGradOp
{
    float Apply(float x, float grad, float parameter);
}

/// <summary>d/dx x·Φ(x) = Φ(x) + x·φ(x).</summary>
public struct GeluGradOp : IUnaryGradOp
{
    public readonly float Apply(float x, float g, float p) => g * (GpuMath.NormalCdf(x) + x * GpuMath.Exp(-0.5f * x * x) * 0.3989422804014327f);
}

public struct GeluTanhGradOp : IUnaryGradOp
{
    public readonly float Apply(float x, float g, float p)
    {
        const float k = 0.7978845608028654f;
        float t = GpuMath.Tanh(k * (x + 0.044715f * x * x * x));
        return g * (0.5f * (1f + t) + 0.5f * x * (1f - t * t) * k * (1f + 3f * 0.044715f * x * x));
    }
}

/// <summary>1 for x &gt; 0, alpha·eˣ otherwise.</summary>
public struct EluGradOp : IUnaryGradOp { public readonly float Apply(float x, float g, float p) => x > 0 ? g : g * p * GpuMath.Exp(x); }
