using System.Numerics.Tensors;

namespace GraphGen;

public sealed partial class Tensor
{
    /// <summary>exp(x) / sum(exp(x)) along <paramref name="dim"/>, computed as exp(x - max) so inputs near ±1000 stay finite.</summary>
    public Tensor Softmax(int dim)
    {
        var y = SoftmaxCore(dim, log: false, "Softmax");
        int d = Shape.NormalizeDim(dim, Rank, "Softmax");
        return Autograd.Record("SoftmaxBackward0", y, g => [y * (g - (g * y).Sum(d, keepDim: true))], this).Saving(y);
    }

    /// <summary>log(softmax(x)) along <paramref name="dim"/>, as x - max - log(sum(exp(x - max))).</summary>
    public Tensor LogSoftmax(int dim)
    {
        var y = SoftmaxCore(dim, log: true, "LogSoftmax");
        int d = Shape.NormalizeDim(dim, Rank, "LogSoftmax");
        return Autograd.Record("LogSoftmaxBackward0", y, g => [g - y.Exp() * g.Sum(d, keepDim: true)], this).Saving(y);
    }

    private Tensor SoftmaxCore(int dim, bool log, string op)
    {
        int d = Shape.NormalizeDim(dim, Rank, op);
        using var _ = Autograd.NoGrad();
        var x = DType.IsFloating() ? this : To(DType.Float32);
        if (Rank == 0) return SoftmaxCore(x.Reshape(1), 0, log).Reshape([]);
        if (d == Rank - 1) return SoftmaxCore(x, d, log);
        // Move the reduced dim last, normalise rows, move it back.
        return SoftmaxCore(x.Transpose(d, -1).Contiguous(), Rank - 1, log).Transpose(d, -1).Contiguous();
    }

    private static Tensor SoftmaxCore(Tensor x, int lastDim, bool log)
    {
        if (x.Storage is GpuStorage) return Kernels.Gpu.GpuTensorOps.SoftmaxLastDim(x, log);
        var c = x.Contiguous();
        int n = c.ShapeArray[lastDim];
        var y = new Tensor(CpuStorage.Allocate(c.DType, c.NumEl, clear: false), (int[])c.ShapeArray.Clone());
        if (n == 0) return y;
        if (c.DType == DType.Float32) Rows<float>(c.Span<float>(), y.Span<float>(), n, log);
        else Rows<double>(c.Span<double>(), y.Span<double>(), n, log);
        return y;
    }

    private static void Rows<T>(ReadOnlySpan<T> x, Span<T> y, int n, bool log)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>, System.Numerics.IExponentialFunctions<T>, System.Numerics.ILogarithmicFunctions<T>
    {
        var scratch = log ? new T[n] : null;
        for (int r = 0; r < x.Length / n; r++)
        {
            var src = x.Slice(r * n, n);
            var dst = y.Slice(r * n, n);
            T max = TensorPrimitives.Max(src);
            if (T.IsInfinity(max)) max = T.Zero; // an all -inf row gives NaN, as in PyTorch; +inf gives NaN too
            TensorPrimitives.Subtract(src, max, dst);
            if (log)
            {
                // log-sum-exp: exponentiate into scratch so dst keeps x - max.
                TensorPrimitives.Exp<T>(dst, scratch);
                TensorPrimitives.Subtract(dst, T.Log(TensorPrimitives.Sum<T>(scratch)), dst);
            }
            else
            {
                TensorPrimitives.Exp(dst, dst);
                T sum = TensorPrimitives.Sum<T>(dst);
                TensorPrimitives.Multiply(dst, T.One / sum, dst);
            }
        }
    }
}
