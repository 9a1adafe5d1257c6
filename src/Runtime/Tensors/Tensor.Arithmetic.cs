using GraphGen.Kernels.Cpu;

namespace GraphGen;

public sealed partial class Tensor
{
    internal enum BinaryKind { Add, Sub, Mul, Div, Pow, Maximum, Minimum }

    // ---------------------------------------------------------------- functional forms

    public Tensor Add(Tensor other) => AddBinary(this, other);

    public Tensor Sub(Tensor other) => SubBinary(this, other);

    public Tensor Mul(Tensor other) => MulBinary(this, other);

    public Tensor Div(Tensor other) => DivBinary(this, other);

    public Tensor Pow(Tensor exponent) => PowBinary(this, exponent);

    public Tensor Pow(double exponent) => PowScalar(this, exponent);

    /// <summary>Elementwise maximum of two tensors (PyTorch's <c>torch.maximum</c>). Ties split the gradient evenly.</summary>
    public Tensor Maximum(Tensor other)
    {
        var r = Compute(BinaryKind.Maximum, this, other, "Maximum");
        var a = this;
        return Autograd.Record("MaximumBackward0", r, (g, needs) => ExtremumGrads(g, a.Gt(other), a.Eq(other), needs), this, other).Saving(this, other);
    }

    /// <summary>Elementwise minimum of two tensors (PyTorch's <c>torch.minimum</c>). Ties split the gradient evenly.</summary>
    public Tensor Minimum(Tensor other)
    {
        var r = Compute(BinaryKind.Minimum, this, other, "Minimum");
        var a = this;
        return Autograd.Record("MinimumBackward0", r, (g, needs) => ExtremumGrads(g, a.Lt(other), a.Eq(other), needs), this, other).Saving(this, other);
    }

    /// <summary>Gradient of maximum/minimum: to the side that won, half to each where they tie (as PyTorch).</summary>
    private static Tensor?[] ExtremumGrads(Tensor g, Tensor firstWins, Tensor tie, bool[] needs)
    {
        var half = tie.To(g.DType) * 0.5;
        var first = firstWins.To(g.DType) + half;
        return [needs[0] ? g * first : null, needs[1] ? g * (1.0 - first) : null];
    }

    public static Tensor operator +(Tensor a, Tensor b) => AddBinary(a, b);

    public static Tensor operator -(Tensor a, Tensor b) => SubBinary(a, b);

    public static Tensor operator *(Tensor a, Tensor b) => MulBinary(a, b);

    public static Tensor operator /(Tensor a, Tensor b) => DivBinary(a, b);

    public static Tensor operator -(Tensor a) => a.Neg();

    // Scalars: an integral scalar keeps an integer tensor's dtype, a floating one makes it float32.
    public static Tensor operator +(Tensor a, long b) => AddBinary(a, ScalarFor(a, b, false));

    public static Tensor operator +(Tensor a, double b) => AddBinary(a, ScalarFor(a, b, true));

    public static Tensor operator +(long a, Tensor b) => AddBinary(ScalarFor(b, a, false), b);

    public static Tensor operator +(double a, Tensor b) => AddBinary(ScalarFor(b, a, true), b);

    public static Tensor operator -(Tensor a, long b) => SubBinary(a, ScalarFor(a, b, false));

    public static Tensor operator -(Tensor a, double b) => SubBinary(a, ScalarFor(a, b, true));

    public static Tensor operator -(long a, Tensor b) => SubBinary(ScalarFor(b, a, false), b);

    public static Tensor operator -(double a, Tensor b) => SubBinary(ScalarFor(b, a, true), b);

    public static Tensor operator *(Tensor a, long b) => MulBinary(a, ScalarFor(a, b, false));

    public static Tensor operator *(Tensor a, double b) => MulBinary(a, ScalarFor(a, b, true));

    public static Tensor operator *(long a, Tensor b) => MulBinary(ScalarFor(b, a, false), b);

    public static Tensor operator *(double a, Tensor b) => MulBinary(ScalarFor(b, a, true), b);

    public static Tensor operator /(Tensor a, long b) => DivBinary(a, ScalarFor(a, b, false));

    public static Tensor operator /(Tensor a, double b) => DivBinary(a, ScalarFor(a, b, true));

    public static Tensor operator /(long a, Tensor b) => DivBinary(ScalarFor(b, a, false), b);

    public static Tensor operator /(double a, Tensor b) => DivBinary(ScalarFor(b, a, true), b);

    private static Tensor AddBinary(Tensor a, Tensor b)
        => Autograd.Record("AddBackward0", Compute(BinaryKind.Add, a, b, "Add"), static g => [g, g], a, b);

    private static Tensor SubBinary(Tensor a, Tensor b)
        => Autograd.Record("SubBackward0", Compute(BinaryKind.Sub, a, b, "Sub"), static g => [g, -g], a, b);

    private static Tensor MulBinary(Tensor a, Tensor b)
        => Autograd.Record("MulBackward0", Compute(BinaryKind.Mul, a, b, "Mul"), (g, needs) => [needs[0] ? g * b : null, needs[1] ? g * a : null], a, b)
            .Saving(a.RequiresGrad ? b : null, b.RequiresGrad ? a : null);

    private static Tensor DivBinary(Tensor a, Tensor b)
        => Autograd.Record("DivBackward0", Compute(BinaryKind.Div, a, b, "Div"), (g, needs) => [needs[0] ? g / b : null, needs[1] ? -(g * a) / (b * b) : null], a, b)
            .Saving(b, b.RequiresGrad ? a : null);

    private static Tensor PowBinary(Tensor a, Tensor b)
    {
        var r = Compute(BinaryKind.Pow, a, b, "Pow");
        return Autograd.Record("PowBackward1", r, (g, needs) => [needs[0] ? g * b * a.Pow(b - 1L) : null, needs[1] ? g * r * a.Log() : null], a, b).Saving(a, b, r);
    }

    private static Tensor PowScalar(Tensor a, double exponent)
    {
        var r = Compute(BinaryKind.Pow, a, ScalarFor(a, exponent, true), "Pow");
        return Autograd.Record("PowBackward0", r, g => [exponent == 0 ? g * 0.0 : g * exponent * a.Pow(exponent - 1)], a).Saving(a);
    }

    /// <summary>A 0-d tensor holding a scalar operand, typed as PyTorch's promotion rules give.</summary>
    internal static Tensor ScalarFor(Tensor other, double value, bool isFloating)
    {
        ArgumentNullException.ThrowIfNull(other);
        var dtype = other.DType.IsFloating() ? other.DType : isFloating ? DType.Float32 : other.DType == DType.Bool ? DType.Int64 : other.DType;
        if (!dtype.IsFloating()) dtype.CheckRepresentable(value, "scalar operand"); // an int32 tensor + 2^40 must not wrap
        var t = new Tensor(CpuStorage.Allocate(dtype, 1), []);
        t.FillRaw(value);
        return t;
    }

    // ---------------------------------------------------------------- kernel dispatch

    private static DType ResultType(BinaryKind kind, Tensor a, Tensor b, string op)
    {
        var dt = DTypes.Promote(a.DType, b.DType);
        if (kind is BinaryKind.Div or BinaryKind.Pow && !dt.IsFloating()) dt = DType.Float32;
        if (dt == DType.Bool)
            throw new NotSupportedException($"{op}: arithmetic on two bool tensors is not supported; convert with .To(DType.Int64) or .To(DType.Float32) first.");
        return dt;
    }

    /// <summary>Runs a binary kernel without recording autograd: broadcast, promote, compute into a new tensor.</summary>
    private static Tensor Compute(BinaryKind kind, Tensor a, Tensor b, string op)
    {
        ArgumentNullException.ThrowIfNull(a, "input");
        ArgumentNullException.ThrowIfNull(b, "other");
        if (a.Storage is GpuStorage || b.Storage is GpuStorage) return Kernels.Gpu.GpuTensorOps.Binary(kind, a, b, ResultType(kind, a, b, op), op);
        a.EnsureSameDevice(b, op);
        a.EnsureCpu(op);
        var shape = Shape.Broadcast(a.ShapeArray, b.ShapeArray, op);
        var dt = ResultType(kind, a, b, op);
        var result = new Tensor(CpuStorage.Allocate(dt, Shape.CheckedNumEl(shape, op), shape, clear: false), shape);
        ComputeInto(kind, a, b, result, op);
        return result;
    }

    /// <summary>Writes op(a, b) into the contiguous tensor <paramref name="d"/> whose shape is the broadcast shape.</summary>
    private static void ComputeInto(BinaryKind kind, Tensor a, Tensor b, Tensor d, string op)
    {
        if (d.Storage is GpuStorage)
        {
            Kernels.Gpu.GpuTensorOps.BinaryInto(kind, a, b, d, op);
            return;
        }
        var dt = d.DType;
        Tensor ca, cb;
        using (Autograd.NoGrad())
        {
            ca = a.DType == dt ? a : a.To(dt);
            cb = b.DType == dt ? b : b.To(dt);
        }
        var sa = Broadcast.ExpandStrides(ca.ShapeArray, ca.Strides, d.ShapeArray);
        var sb = Broadcast.ExpandStrides(cb.ShapeArray, cb.Strides, d.ShapeArray);
        switch (dt)
        {
            case DType.Float32: Run<float>(kind, ca, sa, cb, sb, d); break;
            case DType.Float64: Run<double>(kind, ca, sa, cb, sb, d); break;
            case DType.Int64: RunIntegral<long>(kind, ca, sa, cb, sb, d, op); break;
            case DType.Int32: RunIntegral<int>(kind, ca, sa, cb, sb, d, op); break;
            default: throw new NotSupportedException($"{op}: dtype {dt.TorchName()} is not supported.");
        }
    }

    private static void Run<T>(BinaryKind kind, Tensor a, int[] sa, Tensor b, int[] sb, Tensor d)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T[] x = a.CpuData<T>(), y = b.CpuData<T>(), z = d.CpuData<T>();
        switch (kind)
        {
            case BinaryKind.Add: Broadcast.Binary<AddOp<T>, T>(x, a.Offset, sa, y, b.Offset, sb, z, d.Offset, d.ShapeArray); break;
            case BinaryKind.Sub: Broadcast.Binary<SubOp<T>, T>(x, a.Offset, sa, y, b.Offset, sb, z, d.Offset, d.ShapeArray); break;
            case BinaryKind.Mul: Broadcast.Binary<MulOp<T>, T>(x, a.Offset, sa, y, b.Offset, sb, z, d.Offset, d.ShapeArray); break;
            case BinaryKind.Div: Broadcast.Binary<DivOp<T>, T>(x, a.Offset, sa, y, b.Offset, sb, z, d.Offset, d.ShapeArray); break;
            case BinaryKind.Pow: Broadcast.Binary<PowOp<T>, T>(x, a.Offset, sa, y, b.Offset, sb, z, d.Offset, d.ShapeArray); break;
            case BinaryKind.Maximum: Broadcast.Binary<MaxOp<T>, T>(x, a.Offset, sa, y, b.Offset, sb, z, d.Offset, d.ShapeArray); break;
            case BinaryKind.Minimum: Broadcast.Binary<MinOp<T>, T>(x, a.Offset, sa, y, b.Offset, sb, z, d.Offset, d.ShapeArray); break;
        }
    }

    private static void RunIntegral<T>(BinaryKind kind, Tensor a, int[] sa, Tensor b, int[] sb, Tensor d, string op)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        T[] x = a.CpuData<T>(), y = b.CpuData<T>(), z = d.CpuData<T>();
        switch (kind)
        {
            case BinaryKind.Add: Broadcast.Binary<AddOp<T>, T>(x, a.Offset, sa, y, b.Offset, sb, z, d.Offset, d.ShapeArray); break;
            case BinaryKind.Sub: Broadcast.Binary<SubOp<T>, T>(x, a.Offset, sa, y, b.Offset, sb, z, d.Offset, d.ShapeArray); break;
            case BinaryKind.Mul: Broadcast.Binary<MulOp<T>, T>(x, a.Offset, sa, y, b.Offset, sb, z, d.Offset, d.ShapeArray); break;
            case BinaryKind.Maximum: Broadcast.Binary<MaxOp<T>, T>(x, a.Offset, sa, y, b.Offset, sb, z, d.Offset, d.ShapeArray); break;
            case BinaryKind.Minimum: Broadcast.Binary<MinOp<T>, T>(x, a.Offset, sa, y, b.Offset, sb, z, d.Offset, d.ShapeArray); break;
            default: throw new NotSupportedException($"{op} on integer tensors is not supported.");
        }
    }
}
