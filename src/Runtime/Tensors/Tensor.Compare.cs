namespace GraphGen;

public sealed partial class Tensor
{
    internal enum CompareKind { Eq, Ne, Lt, Le, Gt, Ge }

    public Tensor Eq(Tensor other) => Compare(CompareKind.Eq, other, "Eq");
    public Tensor Ne(Tensor other) => Compare(CompareKind.Ne, other, "Ne");
    public Tensor Lt(Tensor other) => Compare(CompareKind.Lt, other, "Lt");
    public Tensor Le(Tensor other) => Compare(CompareKind.Le, other, "Le");
    public Tensor Gt(Tensor other) => Compare(CompareKind.Gt, other, "Gt");
    public Tensor Ge(Tensor other) => Compare(CompareKind.Ge, other, "Ge");

    public Tensor Eq(double value) => Compare(CompareKind.Eq, ScalarFor(this, value, true), "Eq");
    public Tensor Ne(double value) => Compare(CompareKind.Ne, ScalarFor(this, value, true), "Ne");
    public Tensor Lt(double value) => Compare(CompareKind.Lt, ScalarFor(this, value, true), "Lt");
    public Tensor Le(double value) => Compare(CompareKind.Le, ScalarFor(this, value, true), "Le");
    public Tensor Gt(double value) => Compare(CompareKind.Gt, ScalarFor(this, value, true), "Gt");
    public Tensor Ge(double value) => Compare(CompareKind.Ge, ScalarFor(this, value, true), "Ge");

    public static Tensor operator <(Tensor a, Tensor b) => a.Lt(b);
    public static Tensor operator >(Tensor a, Tensor b) => a.Gt(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.Le(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.Ge(b);
    public static Tensor operator <(Tensor a, double b) => a.Lt(b);
    public static Tensor operator >(Tensor a, double b) => a.Gt(b);
    public static Tensor operator <=(Tensor a, double b) => a.Le(b);
    public static Tensor operator >=(Tensor a, double b) => a.Ge(b);

    /// <summary>Elementwise comparison giving a bool mask (no gradient flows through it).</summary>
    private Tensor Compare(CompareKind kind, Tensor other, string op)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Storage is GpuStorage || other.Storage is GpuStorage) return Kernels.Gpu.GpuTensorOps.Compare(kind, this, other, op);
        EnsureSameDevice(other, op);
        EnsureCpu(op);
        var shape = Shape.Broadcast(ShapeArray, other.ShapeArray, op);
        var dt = DTypes.Promote(DType, other.DType);
        if (dt == DType.Bool) dt = DType.Int32;
        Tensor a, b;
        using (Autograd.NoGrad())
        {
            a = To(dt).Expand(shape).Contiguous();
            b = other.To(dt).Expand(shape).Contiguous();
        }
        var result = new Tensor(CpuStorage.Allocate(DType.Bool, a.NumEl), shape);
        var d = result.Span<bool>();
        switch (dt)
        {
            case DType.Float32: Loop<float>(kind, a.Span<float>(), b.Span<float>(), d); break;
            case DType.Float64: Loop<double>(kind, a.Span<double>(), b.Span<double>(), d); break;
            case DType.Int64: Loop<long>(kind, a.Span<long>(), b.Span<long>(), d); break;
            default: Loop<int>(kind, a.Span<int>(), b.Span<int>(), d); break;
        }
        return result;
    }

    private static void Loop<T>(CompareKind kind, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<bool> d)
        where T : System.Numerics.INumber<T>
    {
        switch (kind)
        {
            case CompareKind.Eq: for (int i = 0; i < d.Length; i++) d[i] = a[i] == b[i]; break;
            case CompareKind.Ne: for (int i = 0; i < d.Length; i++) d[i] = a[i] != b[i]; break;
            case CompareKind.Lt: for (int i = 0; i < d.Length; i++) d[i] = a[i] < b[i]; break;
            case CompareKind.Le: for (int i = 0; i < d.Length; i++) d[i] = a[i] <= b[i]; break;
            case CompareKind.Gt: for (int i = 0; i < d.Length; i++) d[i] = a[i] > b[i]; break;
            default: for (int i = 0; i < d.Length; i++) d[i] = a[i] >= b[i]; break;
        }
    }
}
