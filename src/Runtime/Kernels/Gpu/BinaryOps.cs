namespace GraphGen.Kernels.Gpu;

/// <summary>A float function of two values, inlined into the broadcasting binary kernels.</summary>
public interface IBinaryOp
{
    float Apply(float a, float b);
}

public struct AddOp : IBinaryOp { public readonly float Apply(float a, float b) => a + b; }

public struct SubOp : IBinaryOp { public readonly float Apply(float a, float b) => a - b; }

public struct MulOp : IBinaryOp { public readonly float Apply(float a, float b) => a * b; }

public struct DivOp : IBinaryOp { public readonly float Apply(float a, float b) => a / b; }

public struct PowOp : IBinaryOp { public readonly float Apply(float a, float b) => GpuMath.Pow(a, b); }

/// <summary>torch.maximum: NaN in either operand gives NaN.</summary>
public struct MaxOp : IBinaryOp { public readonly float Apply(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? a + b : a > b ? a : b; }

public struct MinOp : IBinaryOp { public readonly float Apply(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? a + b : a < b ? a : b; }

/// <summary>A comparison of two floats giving a bool (stored as byte 0/1).</summary>
public interface ICompareOp
{
    bool Test(float a, float b);
}

public struct EqOp : ICompareOp { public readonly bool Test(float a, float b) => a == b; }

public struct NeOp : ICompareOp { public readonly bool Test(float a, float b) => a != b; }

public struct LtOp : ICompareOp { public readonly bool Test(float a, float b) => a < b; }

public struct LeOp : ICompareOp { public readonly bool Test(float a, float b) => a <= b; }

public struct GtOp : ICompareOp { public readonly bool Test(float a, float b) => a > b; }

public struct GeOp : ICompareOp { public readonly bool Test(float a, float b) => a >= b; }
