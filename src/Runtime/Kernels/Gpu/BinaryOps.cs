namespace GraphGen.Kernels.Gpu;

/// <summary>A function of two values, inlined into the broadcasting binary kernels (float and double instances).</summary>
public interface IBinaryOp<T> where T : unmanaged
{
    T Apply(T a, T b);
}

public struct AddOp : IBinaryOp<float>, IBinaryOp<double>
{
    public readonly float Apply(float a, float b) => a + b;
    public readonly double Apply(double a, double b) => a + b;
}

public struct SubOp : IBinaryOp<float>, IBinaryOp<double>
{
    public readonly float Apply(float a, float b) => a - b;
    public readonly double Apply(double a, double b) => a - b;
}

public struct MulOp : IBinaryOp<float>, IBinaryOp<double>
{
    public readonly float Apply(float a, float b) => a * b;
    public readonly double Apply(double a, double b) => a * b;
}

public struct DivOp : IBinaryOp<float>, IBinaryOp<double>
{
    public readonly float Apply(float a, float b) => a / b;
    public readonly double Apply(double a, double b) => a / b;
}

public struct PowOp : IBinaryOp<float>, IBinaryOp<double>
{
    public readonly float Apply(float a, float b) => GpuMath.Pow(a, b);
    public readonly double Apply(double a, double b) => GpuMath64.Pow(a, b);
}

/// <summary>torch.maximum: NaN in either operand gives NaN.</summary>
public struct MaxOp : IBinaryOp<float>, IBinaryOp<double>
{
    public readonly float Apply(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? a + b : a > b ? a : b;
    public readonly double Apply(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? a + b : a > b ? a : b;
}

public struct MinOp : IBinaryOp<float>, IBinaryOp<double>
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

/// <summary>A comparison of two values giving a bool (stored as byte 0/1); float64 operands are compared as doubles, without rounding to float32.</summary>
public interface ICompareOp<T> where T : unmanaged
{
    bool Test(T a, T b);
}

/// <summary>The same comparison of two int64 values (integer and bool operands, compared exactly).</summary>
public interface IInt64CompareOp
{
    bool Test(long a, long b);
}

public struct EqOp : ICompareOp<float>, ICompareOp<double>, IInt64CompareOp
{
    public readonly bool Test(float a, float b) => a == b;
    public readonly bool Test(double a, double b) => a == b;
    public readonly bool Test(long a, long b) => a == b;
}

public struct NeOp : ICompareOp<float>, ICompareOp<double>, IInt64CompareOp
{
    public readonly bool Test(float a, float b) => a != b;
    public readonly bool Test(double a, double b) => a != b;
    public readonly bool Test(long a, long b) => a != b;
}

public struct LtOp : ICompareOp<float>, ICompareOp<double>, IInt64CompareOp
{
    public readonly bool Test(float a, float b) => a < b;
    public readonly bool Test(double a, double b) => a < b;
    public readonly bool Test(long a, long b) => a < b;
}

public struct LeOp : ICompareOp<float>, ICompareOp<double>, IInt64CompareOp
{
    public readonly bool Test(float a, float b) => a <= b;
    public readonly bool Test(double a, double b) => a <= b;
    public readonly bool Test(long a, long b) => a <= b;
}

public struct GtOp : ICompareOp<float>, ICompareOp<double>, IInt64CompareOp
{
    public readonly bool Test(float a, float b) => a > b;
    public readonly bool Test(double a, double b) => a > b;
    public readonly bool Test(long a, long b) => a > b;
}

public struct GeOp : ICompareOp<float>, ICompareOp<double>, IInt64CompareOp
{
    public readonly bool Test(float a, float b) => a >= b;
    public readonly bool Test(double a, double b) => a >= b;
    public readonly bool Test(long a, long b) => a >= b;
}
