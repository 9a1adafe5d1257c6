using System.ComponentModel;
using System.Numerics;
using System.Numerics.Tensors;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Embedding tables [rows, dim]: the forward pass copies the row of each index; the backward pass adds each output
/// row's gradient into its index's row (repeated indices accumulate), skipping the padding row. Indices are checked by
/// the caller (0 ≤ index &lt; rows).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EmbeddingLookup
{
    /// <summary>y[i, :] = weight[indices[i], :].</summary>
    public static void Gather<T>(ReadOnlySpan<long> indices, ReadOnlySpan<T> weight, int dim, Span<T> y)
        where T : unmanaged
    {
        if (y.Length != indices.Length * dim)
            throw new ArgumentException($"y has {y.Length} elements but {indices.Length} indices of rows of {dim} need {indices.Length * dim}.", nameof(y));
        for (int i = 0; i < indices.Length; i++)
            weight.Slice((int)indices[i] * dim, dim).CopyTo(y.Slice(i * dim, dim));
    }

    /// <summary>dweight (overwritten) = Σ over i of dy[i, :] into row indices[i], except the row <paramref name="paddingIdx"/> (−1: none).</summary>
    public static void ScatterAdd<T>(ReadOnlySpan<long> indices, ReadOnlySpan<T> dy, int dim, int paddingIdx, Span<T> dweight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (dy.Length != indices.Length * dim)
            throw new ArgumentException($"dy has {dy.Length} elements but {indices.Length} indices of rows of {dim} need {indices.Length * dim}.", nameof(dy));
        dweight.Clear();
        for (int i = 0; i < indices.Length; i++)
        {
            if (indices[i] == paddingIdx) continue;
            var row = dweight.Slice((int)indices[i] * dim, dim);
            TensorPrimitives.Add(row, dy.Slice(i * dim, dim), row);
        }
    }
}
