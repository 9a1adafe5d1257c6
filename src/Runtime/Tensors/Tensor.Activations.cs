using System.Numerics;
using System.Numerics.Tensors;

namespace GraphGen;

public sealed partial class Tensor
{
    /// <summary>ELU: x for x &gt; 0, alpha·(exp(x) − 1) otherwise (PyTorch's <c>F.elu</c>).</summary>
    public Tensor Elu(double alpha = 1.0)
    {
        if (Storage is GpuStorage) return Kernels.Gpu.GpuTensorOps.Elu(this, alpha);
        EnsureCpu("Elu");
        Tensor src;
        using (Autograd.NoGrad()) src = (DType.IsFloating() ? this : To(DType.Float32)).Contiguous();
        var y = new Tensor(CpuStorage.Allocate(src.DType, src.NumEl, clear: false), (int[])ShapeArray.Clone());
        var slope = new Tensor(CpuStorage.Allocate(src.DType, src.NumEl, clear: false), (int[])ShapeArray.Clone());
        if (src.DType == DType.Float32) EluKernel(src.Span<float>(), y.Span<float>(), slope.Span<float>(), (float)alpha);
        else EluKernel(src.Span<double>(), y.Span<double>(), slope.Span<double>(), alpha);
        return Autograd.Record("EluBackward0", y, g => [g * slope], this);
    }

    /// <summary>y = max(x, 0) + alpha·(exp(min(x, 0)) − 1); dy/dx = 1 for x &gt; 0, else alpha·exp(x). Branch-free.</summary>
    private static void EluKernel<T>(ReadOnlySpan<T> x, Span<T> y, Span<T> slope, T alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // slope first holds alpha·exp(min(x, 0)), the negative branch's derivative.
        TensorPrimitives.Min(x, T.Zero, slope);
        TensorPrimitives.Exp(slope, slope);
        TensorPrimitives.Multiply(slope, alpha, slope);
        TensorPrimitives.Max(x, T.Zero, y);
        TensorPrimitives.Add(y, slope, y);
        TensorPrimitives.Subtract(y, alpha, y);       // max(x,0) + alpha·exp(min(x,0)) − alpha
        for (int i = 0; i < x.Length; i++) slope[i] = x[i] > T.Zero ? T.One : slope[i];
    }

    /// <summary>
    /// SiLU (PyTorch's <c>F.silu</c>): x·σ(x), with PyTorch's SiluBackward0, dx = g·σ(x)·(1 + x·(1 − σ(x))).
    /// Built from the sigmoid and multiply kernels, so it runs wherever they do (CPU, GPU, float64).
    /// </summary>
    public Tensor Silu()
    {
        Tensor sigmoid, y;
        using (Autograd.NoGrad())
        {
            sigmoid = Sigmoid();
            y = this * sigmoid;
        }
        var x = this;
        return Autograd.Record("SiluBackward0", y, g => [g * sigmoid * (1.0 + x * (1.0 - sigmoid))], this).Saving(this);
    }

    /// <summary>
    /// Dropout (PyTorch's <c>F.dropout</c>): in training, zeroes each element with probability
    /// <paramref name="p"/> and scales the rest by 1/(1−p); otherwise returns this tensor unchanged.
    /// </summary>
    public Tensor Dropout(double p = 0.5, bool training = true, RandomGenerator? generator = null)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"Dropout: dropout probability has to be between 0 and 1, but got {p}.");
        if (!training || p == 0) return this;
        if (!DType.IsFloating())
            throw new NotSupportedException($"Dropout: expected a floating point tensor, but got dtype {DType.TorchName()}.");
        if (Storage is GpuStorage) return Kernels.Gpu.GpuTensorOps.Dropout(this, p, generator);
        Tensor scaledMask;
        using (Autograd.NoGrad())
        {
            scaledMask = p == 1
                ? ZerosLike(this)
                : Rand(ShapeArray, generator, DType).Lt(1 - p).To(DType).To(Device) * (1 / (1 - p));
        }
        Tensor y;
        using (Autograd.NoGrad()) y = this * scaledMask;
        return Autograd.Record("NativeDropoutBackward0", y, g => [g * scaledMask], this);
    }
}
