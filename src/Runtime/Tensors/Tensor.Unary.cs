using System.Numerics.Tensors;
using GraphGen.Kernels.Gpu;
using ScalarMath = GraphGen.Kernels.Cpu.ScalarMath;

namespace GraphGen;

public sealed partial class Tensor
{
    private delegate void SpanOp<T>(ReadOnlySpan<T> x, Span<T> y);

    /// <summary>Runs a float kernel over a contiguous copy; integer inputs become float32 first (as PyTorch's exp/log do).</summary>
    private Tensor MapFloat<TGpu>(string op, SpanOp<float> f32, SpanOp<double> f64) where TGpu : struct, IUnaryOp<float>, IUnaryOp<double>
    {
        if (Storage is GpuStorage) return GpuTensorOps.Unary<TGpu>(this, op);
        EnsureCpu(op);
        Tensor src;
        using (Autograd.NoGrad()) src = (DType.IsFloating() ? this : To(DType.Float32)).Contiguous();
        var dst = new Tensor(CpuStorage.Allocate(src.DType, src.NumEl, clear: false), (int[])ShapeArray.Clone());
        if (src.DType == DType.Float32) f32(src.Span<float>(), dst.Span<float>());
        else f64(src.Span<double>(), dst.Span<double>());
        return dst;
    }

    public Tensor Neg()
    {
        if (Storage is GpuStorage) return Autograd.Record("NegBackward0", GpuTensorOps.SameTypeUnary<NegOp>(this, "Neg"), static g => [-g], this);
        EnsureCpu("Neg");
        if (DType == DType.Bool) throw new NotSupportedException("Neg: negation of a bool tensor is not supported; use LogicalNot.");
        var c = Contiguous();
        var dst = new Tensor(CpuStorage.Allocate(DType, NumEl, clear: false), (int[])ShapeArray.Clone());
        switch (DType)
        {
            case DType.Float32: TensorPrimitives.Negate<float>(c.Span<float>(), dst.Span<float>()); break;
            case DType.Float64: TensorPrimitives.Negate<double>(c.Span<double>(), dst.Span<double>()); break;
            case DType.Int64: TensorPrimitives.Negate<long>(c.Span<long>(), dst.Span<long>()); break;
            default: TensorPrimitives.Negate<int>(c.Span<int>(), dst.Span<int>()); break;
        }
        return Autograd.Record("NegBackward0", dst, static g => [-g], this);
    }

    public Tensor Abs()
    {
        var dst = Storage is GpuStorage ? AbsGpu() : AbsCpu();
        var x = this;
        return Autograd.Record("AbsBackward0", dst, g => [g * x.Sign()], this).Saving(this);
    }

    private Tensor AbsCpu()
    {
        var c = Contiguous();
        var dst = new Tensor(CpuStorage.Allocate(DType, NumEl, clear: false), (int[])ShapeArray.Clone());
        switch (DType)
        {
            case DType.Float32: TensorPrimitives.Abs<float>(c.Span<float>(), dst.Span<float>()); break;
            case DType.Float64: TensorPrimitives.Abs<double>(c.Span<double>(), dst.Span<double>()); break;
            case DType.Int64: TensorPrimitives.Abs<long>(c.Span<long>(), dst.Span<long>()); break;
            case DType.Int32: TensorPrimitives.Abs<int>(c.Span<int>(), dst.Span<int>()); break;
            default: throw new NotSupportedException("Abs: not supported for bool tensors.");
        }
        return dst;
    }

    private Tensor AbsGpu() => GpuTensorOps.SameTypeUnary<AbsOp>(this, "Abs");

    /// <summary>-1, 0 or 1 per element.</summary>
    public Tensor Sign()
    {
        using var _ = Autograd.NoGrad();
        return Gt(0L).To(DType) - Lt(0L).To(DType);
    }

    public Tensor Exp()
    {
        var y = MapFloat<ExpOp>("Exp", TensorPrimitives.Exp, TensorPrimitives.Exp);
        return Autograd.Record("ExpBackward0", y, g => [g * y], this).Saving(y);
    }

    public Tensor Log()
    {
        var y = MapFloat<LogOp>("Log", TensorPrimitives.Log, TensorPrimitives.Log);
        var x = this;
        return Autograd.Record("LogBackward0", y, g => [g / x], this).Saving(this);
    }

    public Tensor Sqrt()
    {
        var y = MapFloat<SqrtOp>("Sqrt", TensorPrimitives.Sqrt, TensorPrimitives.Sqrt);
        return Autograd.Record("SqrtBackward0", y, g => [g / (y * 2.0)], this).Saving(y);
    }

    public Tensor Sigmoid()
    {
        var y = MapFloat<SigmoidOp>("Sigmoid", TensorPrimitives.Sigmoid, TensorPrimitives.Sigmoid);
        return Autograd.Record("SigmoidBackward0", y, g => [g * y * (1.0 - y)], this).Saving(y);
    }

    public Tensor Tanh()
    {
        var y = MapFloat<TanhOp>("Tanh", TensorPrimitives.Tanh, TensorPrimitives.Tanh);
        return Autograd.Record("TanhBackward0", y, g => [g * (1.0 - y * y)], this).Saving(y);
    }

    public Tensor Relu()
    {
        var dst = Storage is GpuStorage ? ReluGpu() : ReluCpu();
        return Autograd.Record("ReluBackward0", dst, g => [g * dst.Gt(0L).To(g.DType)], this).Saving(dst);
    }

    private Tensor ReluCpu()
    {
        var c = Contiguous();
        var dst = new Tensor(CpuStorage.Allocate(DType, NumEl, clear: false), (int[])ShapeArray.Clone());
        switch (DType)
        {
            // Max, not a branch: branchy code is 16x slower on random signs.
            case DType.Float32: TensorPrimitives.Max(c.Span<float>(), 0f, dst.Span<float>()); break;
            case DType.Float64: TensorPrimitives.Max(c.Span<double>(), 0.0, dst.Span<double>()); break;
            case DType.Int64: TensorPrimitives.Max(c.Span<long>(), 0L, dst.Span<long>()); break;
            case DType.Int32: TensorPrimitives.Max(c.Span<int>(), 0, dst.Span<int>()); break;
            default: throw new NotSupportedException("Relu: not supported for bool tensors.");
        }
        return dst;
    }

    private Tensor ReluGpu() => GpuTensorOps.SameTypeUnary<ReluOp>(this, "Relu");

    /// <summary>max(0, x) + slope * min(0, x).</summary>
    public Tensor LeakyRelu(double negativeSlope = 0.01)
    {
        if (Storage is GpuStorage && DType.IsFloating()) return GpuTensorOps.LeakyRelu(this, negativeSlope);
        Tensor y, mask;
        using (Autograd.NoGrad())
        {
            mask = Gt(0L).To(DType.IsFloating() ? DType : DType.Float32);
            y = this * (mask + (1.0 - mask) * negativeSlope);
        }
        var slope = negativeSlope;
        return Autograd.Record("LeakyReluBackward0", y, g => [g * (mask + (1.0 - mask) * slope)], this);
    }

    /// <summary>GELU, exact (erf) or with the tanh approximation (<paramref name="approximate"/> = "tanh").</summary>
    public Tensor Gelu(string approximate = "none")
    {
        if (approximate is not ("none" or "tanh"))
            throw new ArgumentException($"Gelu: approximate must be 'none' or 'tanh', got '{approximate}'.", nameof(approximate));
        if (Storage is GpuStorage) return GpuTensorOps.Gelu(this, approximate == "tanh");
        EnsureCpu("Gelu");
        using var scope = Autograd.NoGrad();
        var x = (DType.IsFloating() ? this : To(DType.Float32)).Contiguous().ToArray<double>();
        var y = new double[x.Length];
        var dy = new double[x.Length];
        bool tanh = approximate == "tanh";
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = tanh ? ScalarMath.GeluTanh(x[i]) : ScalarMath.Gelu(x[i]);
            dy[i] = tanh ? ScalarMath.GeluTanhDerivative(x[i]) : ScalarMath.GeluDerivative(x[i]);
        }
        var dtype = DType.IsFloating() ? DType : DType.Float32;
        var result = From(y, dtype).View(ShapeArray);
        var derivative = From(dy, dtype).View(ShapeArray);
        scope.Dispose();
        return Autograd.Record("GeluBackward0", result, g => [g * derivative], this);
    }
}
