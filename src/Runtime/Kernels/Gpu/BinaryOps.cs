namespace GraphGen.Kernels.Gpu;

/// <summary>A float function of two values, inlined into the broadcasting binary kernels.</summary>
public interface IBinaryOp
{
    float Apply(float a, float b);
}

/// <summary>The same function in double precision (float64 tensors).</summary>
public interface IBinaryOp64
{
    double Apply(double a, double b);
}

public struct AddOp : IBinaryOp, IBinaryOp64
{
    public readonly float Apply(float a, float b) => a + b;
    public readonly double Apply(double a, double b) => a + b;
}

public struct SubOp : IBinaryOp, IBinaryOp64
{
    public readonly float Apply(float a, float b) => a - b;
    public readonly double Apply(double a, double b) => a - b;
}

public struct MulOp : IBinaryOp, IBinaryOp64
{
    public readonly float Apply(float a, float b) => a * b;
    public readonly double Apply(double a, double b) => a * b;
}

public struct DivOp : IBinaryOp, IBinaryOp64
{
    public readonly float Apply(float a, float b) => a / b;
    public readonly double Apply(double a, double b) => a / b;
}

public struct PowOp : IBinaryOp, IBinaryOp64
{
    public readonly float Apply(float a, float b) => GpuMath.Pow(a, b);
    public readonly double Apply(double a, double b) => GpuMath64.Pow(a, b);
}

/// <summary>torch.maximum: NaN in either operand gives NaN.</summary>
public struct MaxOp : IBinaryOp, IBinaryOp64
{
    public readonly float Apply(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? a + b : a > b ? a : b;
    public readonly double Apply(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? a + b : a > b ? a : b;
}

public struct MinOp : IBinaryOp, IBinaryOp64
{
    public readonly float Apply(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? a + b : a < b ? a : b;
    public readonly double Apply(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? a + b : a < b ? a : b;
}

/// <summary>An int64 function of two values (integer tensors: add, sub, mul, maximum, minimum; int32 is computed as int64).</summary>
public interface IInt64BinaryOp
{
    long Apply(long a, long b);
}

public struct AddInt64Op : IInt64BinaryOp { public readonly long Apply(long a, long b) => a + b; }

public struct SubInt64Op : IInt64BinaryOp { public readonly long Apply(long a, long b) => a - b; }

public struct MulInt64Op : IInt64BinaryOp { public readonly long Apply(long a, long b) => a * b; }

public struct MaxInt64Op : IInt64BinaryOp { public readonly long Apply(long a, long b) => a > b ? a : b; }

public struct MinInt64Op : IInt64BinaryOp { public readonly long Apply(long a, long b) => a < b ? a : b; }

/// <summary>A comparison of two floats giving a bool (stored as byte 0/1).</summary>
public interface ICompareOp
{
    bool Test(float a, float b);
}

/// <summary>The same comparison of two doubles (float64 operands, compared without rounding to float32).</summary>
public interface ICompareOp64
{
    bool Test(double a, double b);
}

/// <summary>The same comparison of two int64 values (integer and bool operands, compared exactly).</summary>
public interface IInt64CompareOp
{
    bool Test(long a, long b);
}

public struct EqOp : ICompareOp, IInt64CompareOp, ICompareOp64
{
    public readonly bool Test(float a, float b) => a == b;
    public readonly bool Test(double a, double b) => a == b;
    public readonly bool Test(long a, long b) => a == b;
}

public struct NeOp : ICompareOp, IInt64CompareOp, ICompareOp64
{
    public readonly bool Test(float a, float b) => a != b;
    public readonly bool Test(double a, double b) => a != b;
    public readonly bool Test(long a, long b) => a != b;
}

public struct LtOp : ICompareOp, IInt64CompareOp, ICompareOp64
{
    public readonly bool Test(float a, float b) => a < b;
    public readonly bool Test(double a, double b) => a < b;
    public readonly bool Test(long a, long b) => a < b;
}

public struct LeOp : ICompareOp, IInt64CompareOp, ICompareOp64
{
    public readonly bool Test(float a, float b) => a <= b;
    public readonly bool Test(double a, double b) => a <= b;
    public readonly bool Test(long a, long b) => a <= b;
}

public struct GtOp : ICompareOp, IInt64CompareOp, ICompareOp64
{
    public readonly bool Test(float a, float b) => a > b;
    public readonly bool Test(double a, double b) => a > b;
    public readonly bool Test(long a, long b) => a > b;
}

public struct GeOp : ICompareOp, IInt64CompareOp, ICompareOp64
{
    public readonly bool Test(float a, float b) => a >= b;
    public readonly bool Test(double a, double b) => a >= b;
    public readonly bool Test(long a, long b) => a >= b;
}
