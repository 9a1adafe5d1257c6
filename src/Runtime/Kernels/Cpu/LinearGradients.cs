using System.ComponentModel;
using System.Numerics.Tensors;

namespace GraphGen.Kernels.Cpu;

/// <summary>Gradient pieces of a Linear layer that are not GEMMs.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LinearGradients
{
    /// <summary>The bias gradient: db = beta·db + the sum of dy's rows (dy is [rows, cols]).</summary>
    public static void SumRows(ReadOnlySpan<float> dy, int rows, int cols, Span<float> db, float beta)
    {
        if (dy.Length != rows * cols || db.Length != cols)
            throw new ArgumentException($"SumRows: dy has {dy.Length} elements for [{rows}, {cols}] and db has {db.Length} for [{cols}].");
        if (beta == 0f) db.Clear();
        else if (beta != 1f) TensorPrimitives.Multiply(db, beta, db);
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(db, dy.Slice(r * cols, cols), db);
    }
}
