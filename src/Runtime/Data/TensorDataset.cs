namespace GraphGen.Data;

/// <summary>
/// Samples are rows: row i of every tensor (PyTorch's <c>TensorDataset</c>), e.g. images [N, 784] with labels [N].
/// </summary>
public sealed class TensorDataset
{
    public TensorDataset(params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0) throw new ArgumentException("TensorDataset needs at least one tensor.", nameof(tensors));
        for (int i = 0; i < tensors.Length; i++)
        {
            var t = tensors[i] ?? throw new ArgumentException($"TensorDataset: tensor {i} is null.", nameof(tensors));
            if (t.Rank == 0) throw new ArgumentException($"TensorDataset: tensor {i} is a scalar (shape []); every tensor needs a first dimension indexing the samples.", nameof(tensors));
            t.EnsureCpu("TensorDataset");
            if (t.Size(0) != tensors[0].Size(0))
                throw new ArgumentException($"TensorDataset: size mismatch between tensors: tensor 0 has {tensors[0].Size(0)} samples (shape {tensors[0].Shape}) but tensor {i} has {t.Size(0)} (shape {t.Shape}); every tensor needs the same first dimension.", nameof(tensors));
        }
        // Contiguous rows let the loader copy a sample with one block copy; detached so batches carry no graph.
        Tensors = tensors.Select(t => t.Detach().Contiguous().Detach()).ToArray();
    }

    /// <summary>The tensors, contiguous, in the order given.</summary>
    public IReadOnlyList<Tensor> Tensors { get; }

    /// <summary>Number of samples (the shared first dimension).</summary>
    public int Count => Tensors[0].Size(0);

    /// <summary>Sample <paramref name="index"/>: row <paramref name="index"/> of every tensor (views, no copy).</summary>
    public Tensor[] this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"TensorDataset has {Count} samples.");
            return Tensors.Select(t => t.Select(0, index)).ToArray();
        }
    }
}
