using System.ComponentModel;
using GraphGen.Compiled;

namespace GraphGen.Kernels.Cpu;

/// <summary>Embedding's kernels as compiled code calls them (the Embedding family), over <see cref="EmbeddingLookup"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EmbeddingKernels
{
    /// <summary>y[i, :] = weight[indices[i], :], each index checked to be a row of the table.</summary>
    public static void Forward(ReadOnlySpan<long> indices, Span<float> y, int dim, Tensor weight)
    {
        int rows = weight.ShapeArray[0];
        foreach (long i in indices)
            if (i < 0 || i >= rows)
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"Embedding: index {i} is out of range for a table of {rows} embeddings (expected 0 <= index < {rows}).");
        EmbeddingLookup.Gather<float>(indices, weight.AsSpan<float>(), dim, y);
    }

    /// <summary>dweight (+)= each row of dy added into its index's row; the padding row (if any) gets nothing.</summary>
    public static void WeightGradient(ReadOnlySpan<long> indices, ReadOnlySpan<float> dy, int dim, int? paddingIdx, in GradientTarget weight)
    {
        if (!weight.IsWanted) return;
        using var target = new Overwrite(weight.Span, weight.Beta != 0);
        EmbeddingLookup.ScatterAdd<float>(indices, dy, dim, paddingIdx ?? -1, target.Span);
    }
}
