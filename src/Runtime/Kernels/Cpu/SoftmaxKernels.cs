using System.ComponentModel;
using System.Numerics;
using System.Numerics.Tensors;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Softmax and log-softmax along one dimension of a contiguous tensor viewed as [outer, n, inner], and their
/// backward passes (from the saved output): the one CPU implementation, called by the eager
/// <see cref="Tensor.Softmax"/>/<see cref="Tensor.LogSoftmax"/> and by generated code. When the dimension is the
/// last (inner = 1) rows are contiguous and TensorPrimitives vectorises them; otherwise each column is gathered
/// into a row, so both layouts compute the same bits.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SoftmaxKernels
{
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y, int outer, int n, int inner) => Forward(x, y, outer, n, inner, log: false);

    public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> y, int outer, int n, int inner) => Forward(x, y, outer, n, inner, log: true);

    /// <summary>dx (+)= y·(dy - Σ dy·y) along the dimension.</summary>
    public static void SoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int outer, int n, int inner, bool accumulate) =>
        Backward(y, dy, dx, outer, n, inner, accumulate, log: false);

    /// <summary>dx (+)= dy - e^y·Σ dy along the dimension.</summary>
    public static void LogSoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int outer, int n, int inner, bool accumulate) =>
        Backward(y, dy, dx, outer, n, inner, accumulate, log: true);

    /// <summary>Softmax (or log-softmax) of float32 or float64 data along the middle dim of [outer, n, inner].</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int n, int inner, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>
    {
        Check(x.Length, y.Length, outer, n, inner);
        if (n == 0) return;
        bool small = n <= 256;
        Span<T> scratch = !log ? default : small ? stackalloc T[n] : new T[n];
        if (inner == 1)
        {
            for (int r = 0; r < outer; r++) Row(x.Slice(r * n, n), y.Slice(r * n, n), scratch, log);
            return;
        }

        Span<T> column = small ? stackalloc T[n] : new T[n];
        Span<T> result = small ? stackalloc T[n] : new T[n];
        for (int o = 0; o < outer; o++)
        for (int i = 0; i < inner; i++)
        {
            int start = o * n * inner + i;
            for (int k = 0; k < n; k++) column[k] = x[start + k * inner];
            Row(column, result, scratch, log);
            for (int k = 0; k < n; k++) y[start + k * inner] = result[k];
        }
    }

    /// <summary>One row, computed as e^(x - max) so that inputs near ±1000 stay finite.</summary>
    private static void Row<T>(ReadOnlySpan<T> x, Span<T> y, Span<T> scratch, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>
    {
        T max = TensorPrimitives.Max(x);
        if (T.IsInfinity(max)) max = T.Zero; // an all -inf row gives NaN, as in PyTorch; +inf gives NaN too
        TensorPrimitives.Subtract(x, max, y);
        if (log)
        {
            // log-sum-exp: exponentiate into scratch so y keeps x - max.
            TensorPrimitives.Exp<T>(y, scratch);
            TensorPrimitives.Subtract(y, T.Log(TensorPrimitives.Sum<T>(scratch)), y);
        }
        else
        {
            TensorPrimitives.Exp<T>(y, y);
            TensorPrimitives.Multiply(y, T.One / TensorPrimitives.Sum<T>(y), y);
        }
    }

    private static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int outer, int n, int inner, bool accumulate, bool log)
    {
        Check(y.Length, dx.Length, outer, n, inner);
        if (dy.Length != y.Length) throw new ArgumentException($"Softmax backward: dy has {dy.Length} elements but y has {y.Length}.");
        for (int o = 0; o < outer; o++)
        for (int i = 0; i < inner; i++)
        {
            int start = o * n * inner + i;
            float dot = 0f;
            for (int k = 0; k < n; k++)
            {
                int at = start + k * inner;
                dot += log ? dy[at] : dy[at] * y[at];
            }

            for (int k = 0; k < n; k++)
            {
                int at = start + k * inner;
                float g = log ? dy[at] - MathF.Exp(y[at]) * dot : y[at] * (dy[at] - dot);
                dx[at] = accumulate ? dx[at] + g : g;
            }
        }
    }

    private static void Check(int xLength, int yLength, int outer, int n, int inner)
    {
        if (xLength != outer * n * inner || yLength != xLength)
            throw new ArgumentException($"Softmax: buffers of {xLength} and {yLength} elements do not match [{outer}, {n}, {inner}].");
    }
}
