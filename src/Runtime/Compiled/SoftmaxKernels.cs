using System.Numerics.Tensors;

namespace GraphGen.Compiled;

/// <summary>
/// Softmax and log-softmax along one dimension of a contiguous tensor viewed as [outer, n, inner], and
/// their backward passes (from the saved output). The softmax dimension is usually the last (inner = 1),
/// where rows are contiguous and TensorPrimitives vectorises them.
/// </summary>
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

    private static void Forward(ReadOnlySpan<float> x, Span<float> y, int outer, int n, int inner, bool log)
    {
        Check(x.Length, y.Length, outer, n, inner);
        if (n == 0) return;
        if (inner == 1)
        {
            for (int r = 0; r < outer; r++) Row(x.Slice(r * n, n), y.Slice(r * n, n), log);
            return;
        }

        Span<float> column = n <= 256 ? stackalloc float[n] : new float[n];
        Span<float> result = n <= 256 ? stackalloc float[n] : new float[n];
        for (int o = 0; o < outer; o++)
        for (int i = 0; i < inner; i++)
        {
            int start = o * n * inner + i;
            for (int k = 0; k < n; k++) column[k] = x[start + k * inner];
            Row(column, result, log);
            for (int k = 0; k < n; k++) y[start + k * inner] = result[k];
        }
    }

    /// <summary>One softmax row, computed as e^(x - max) so that large inputs stay finite (as the eager op).</summary>
    private static void Row(ReadOnlySpan<float> x, Span<float> y, bool log)
    {
        float max = TensorPrimitives.Max(x);
        if (float.IsInfinity(max)) max = 0f;
        TensorPrimitives.Subtract(x, max, y);
        if (log)
        {
            float sum = 0f;
            foreach (float v in y) sum += MathF.Exp(v);
            TensorPrimitives.Subtract(y, MathF.Log(sum), y);
        }
        else
        {
            TensorPrimitives.Exp(y, y);
            TensorPrimitives.Multiply(y, 1f / TensorPrimitives.Sum(y), y);
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
