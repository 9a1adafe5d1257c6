using System.Numerics.Tensors;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// PyTorch's fused pointwise updates on float spans, rounded as libtorch's vectorized CPU kernels round them
/// (checked bit for bit against the oracle's Adam/SGD runs): <c>addcdiv</c> = fma(t1/t2, value, self),
/// <c>addcmul</c> = fma(value·t1, t2, self), <c>lerp</c> = the two-sided fma form.
/// </summary>
internal static class PointwiseKernels
{
    /// <summary>self.addcdiv_(t1, t2, value).</summary>
    public static void AddCDiv(Span<float> self, ReadOnlySpan<float> t1, ReadOnlySpan<float> t2, float value, Span<float> tmp)
    {
        TensorPrimitives.Divide(t1, t2, tmp);
        TensorPrimitives.FusedMultiplyAdd(tmp, value, self, self);
    }

    /// <summary>self.addcmul_(t1, t2, value).</summary>
    public static void AddCMul(Span<float> self, ReadOnlySpan<float> t1, ReadOnlySpan<float> t2, float value, Span<float> tmp)
    {
        TensorPrimitives.Multiply(t1, value, tmp);
        TensorPrimitives.FusedMultiplyAdd(tmp, t2, self, self);
    }

    /// <summary>start.lerp_(end, weight) with PyTorch's two-sided formula.</summary>
    public static void Lerp(Span<float> start, ReadOnlySpan<float> end, float weight, Span<float> tmp)
    {
        TensorPrimitives.Subtract(end, start, tmp);
        if (Math.Abs(weight) < 0.5f) TensorPrimitives.FusedMultiplyAdd(tmp, weight, start, start);
        else TensorPrimitives.FusedMultiplyAdd(tmp, -(1 - weight), end, start);
    }
}
