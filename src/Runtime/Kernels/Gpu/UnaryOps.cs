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

