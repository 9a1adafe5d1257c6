using System.ComponentModel;
using System.Numerics.Tensors;

namespace GraphGen.Kernels.Cpu;

/// <summary>Sum (and, with a 1/n scale, mean) along one dimension of a tensor viewed as [outer, n, inner], and its backward.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ReductionKernels
{
    /// <summary>y[o, i] = scale·Σ_k x[o, k, i]; y is [outer, inner].</summary>
    public static void Sum(ReadOnlySpan<float> x, Span<float> y, int outer, int n, int inner, float scale)
    {
        if (x.Length != outer * n * inner || y.Length != outer * inner)
            throw new ArgumentException($"Sum: {x.Length} and {y.Length} elements do not match [{outer}, {n}, {inner}] -> [{outer}, {inner}].");
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++) y[o] = scale * TensorPrimitives.Sum(x.Slice(o * n, n));
            return;
        }

        y.Clear();
        for (int o = 0; o < outer; o++)
        {
            var row = y.Slice(o * inner, inner);
            for (int k = 0; k < n; k++) TensorPrimitives.Add(row, x.Slice((o * n + k) * inner, inner), row);
            TensorPrimitives.Multiply(row, scale, row);
        }
    }

    /// <summary>dx[o, k, i] (+)= scale·dy[o, i]: each summed element receives its sum's gradient.</summary>
    public static void SumBackward(ReadOnlySpan<float> dy, Span<float> dx, int outer, int n, int inner, float scale, bool accumulate)
    {
        if (dx.IsEmpty) return;
        if (dx.Length != outer * n * inner || dy.Length != outer * inner)
            throw new ArgumentException($"Sum backward: {dy.Length} and {dx.Length} elements do not match [{outer}, {inner}] -> [{outer}, {n}, {inner}].");
        for (int o = 0; o < outer; o++)
        for (int k = 0; k < n; k++)
        {
            var target = dx.Slice((o * n + k) * inner, inner);
            var source = dy.Slice(o * inner, inner);
            for (int i = 0; i < inner; i++) target[i] = accumulate ? target[i] + scale * source[i] : scale * source[i];
        }
    }
}
