using System.Numerics;
using GraphGen.Kernels.Cpu;

namespace GraphGen.Nn;

public static partial class F
{
    /// <summary>
    /// Looks up rows of <paramref name="weight"/> [num_embeddings, embedding_dim] (PyTorch's <c>F.embedding</c>):
    /// integer <paramref name="input"/> of any shape gives [*input.shape, embedding_dim]. The row
    /// <paramref name="paddingIdx"/> (negative counts from the end) is returned as stored but gets no gradient.
    /// Recorded as <c>EmbeddingBackward0</c>; repeated indices accumulate their gradients.
    /// </summary>
    public static Tensor Embedding(Tensor input, Tensor weight, int? paddingIdx = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        const string op = "Embedding";
        if (input.DType is not (DType.Int64 or DType.Int32))
            throw new ArgumentException($"{op}: expected integer indices (int64 or int32) but got an input of dtype {input.DType.TorchName()}; an embedding looks up rows by index.", nameof(input));
        LayerOperands.Check(op, ("weight", weight));
        if (input.Device != weight.Device)
            throw new InvalidOperationException($"{op}: expected all tensors to be on the same device, but input is on {input.Device} and weight on {weight.Device}.");
        if (weight.Rank != 2)
            throw new ArgumentException($"{op}: expected a 2-D weight [num_embeddings, embedding_dim] but got weight of shape {weight.Shape}.", nameof(weight));
        int rows = weight.ShapeArray[0], dim = weight.ShapeArray[1];
        int padding = -1;
        if (paddingIdx is int p)
        {
            if (p < -rows || p >= rows)
                throw new ArgumentOutOfRangeException(nameof(paddingIdx), p, $"{op}: padding_idx must be within num_embeddings (expected {-rows} <= padding_idx < {rows}) but got {p}.");
            padding = p < 0 ? p + rows : p;
        }
        var flatIndices = input.To(DType.Int64).Contiguous();
        var indices = flatIndices.ToArray<long>(); // checked on the host, so a bad index is a clear error, not a device fault
        foreach (long i in indices)
            if (i < 0 || i >= rows)
                throw new ArgumentOutOfRangeException(nameof(input), i, $"{op}: index {i} is out of range for a table of {rows} embeddings (expected 0 <= index < {rows}).");
        int[] outShape = [.. input.ShapeArray, dim];
        if (weight.Storage is GpuStorage) return Kernels.Gpu.GpuTensorOps.Embedding(flatIndices, weight, rows, dim, padding, outShape);
        return weight.DType == DType.Float64
            ? Embedding<double>(indices, weight, rows, dim, padding, outShape)
            : Embedding<float>(indices, weight, rows, dim, padding, outShape);
    }

    private static Tensor Embedding<T>(long[] indices, Tensor weight, int rows, int dim, int padding, int[] outShape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = new T[indices.Length * dim];
        EmbeddingLookup.Gather(indices, LayerOperands.Data<T>(weight), dim, y);
        return Autograd.Record("EmbeddingBackward0", LayerOperands.Wrap(y, outShape), grad =>
        {
            var dw = new T[rows * dim];
            EmbeddingLookup.ScatterAdd(indices, LayerOperands.Data<T>(grad), dim, padding, dw);
            return [LayerOperands.Wrap(dw, [rows, dim])];
        }, weight);
    }
}
