using System.Collections;

namespace GraphGen.Data;

/// <summary>
/// Iterates a <see cref="TensorDataset"/> in mini-batches (PyTorch's <c>DataLoader</c> without workers). Each
/// batch is one tensor per dataset tensor, with the batch as the first dimension. Enumerate it once per epoch.
/// </summary>
/// <remarks>
/// Without shuffling a batch is a <see cref="Tensor.Narrow"/> view of the dataset (no copy); with shuffling the
/// rows of a fresh permutation are gathered into new tensors. The permutation for each epoch comes from the
/// loader's <see cref="RandomGenerator"/>, so a seed fixes the whole sequence of epochs.
/// </remarks>
public sealed class DataLoader : IEnumerable<Tensor[]>
{
    private readonly RandomGenerator _generator;

    public DataLoader(TensorDataset dataset, int batchSize = 1, bool shuffle = false, bool dropLast = false, RandomGenerator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "DataLoader: batchSize must be a positive number of samples.");
        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        _generator = generator ?? RandomGenerator.Default;
    }

    /// <summary>A loader whose shuffling is seeded: <c>new DataLoader(ds, 64, shuffle: true, seed: 42)</c>.</summary>
    public DataLoader(TensorDataset dataset, int batchSize, bool shuffle, bool dropLast, long seed)
        : this(dataset, batchSize, shuffle, dropLast, new RandomGenerator(seed))
    {
    }

    public TensorDataset Dataset { get; }

    public int BatchSize { get; }

    public bool Shuffle { get; }

    /// <summary>Whether a last, smaller batch is left out.</summary>
    public bool DropLast { get; }

    /// <summary>Number of batches per epoch.</summary>
    public int Count => DropLast ? Dataset.Count / BatchSize : (int)(((long)Dataset.Count + BatchSize - 1) / BatchSize); // long: a batch size near int.MaxValue must not wrap to no batches

    public IEnumerator<Tensor[]> GetEnumerator()
    {
        int n = Dataset.Count;
        int[]? order = Shuffle ? _generator.Permutation(n) : null;
        int batches = Count;
        for (int b = 0; b < batches; b++)
        {
            int start = b * BatchSize;
            int length = Math.Min(BatchSize, n - start);
            var batch = new Tensor[Dataset.Tensors.Count];
            for (int i = 0; i < batch.Length; i++)
            {
                var t = Dataset.Tensors[i];
                batch[i] = order is null ? t.Narrow(0, start, length) : GatherRows(t, order.AsSpan(start, length));
            }
            yield return batch;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// The epoch's batches, checking <paramref name="cancellationToken"/> before each: a cancelled loop stops between
    /// batches with <see cref="OperationCanceledException"/>, never inside one (the shuffle is drawn as for a plain loop).
    /// </summary>
    public IEnumerable<Tensor[]> Batches(CancellationToken cancellationToken)
    {
        using var batches = GetEnumerator();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!batches.MoveNext()) yield break;
            yield return batches.Current;
        }
    }

    /// <summary>Copies rows <paramref name="rows"/> of a contiguous CPU tensor into a new [rows.Length, ...] tensor.</summary>
    private static Tensor GatherRows(Tensor source, ReadOnlySpan<int> rows)
    {
        var shape = source.Shape.ToArray();
        shape[0] = rows.Length;
        var result = Tensor.Zeros(shape, source.DType);
        int rowLength = source.Size(0) == 0 ? 0 : source.NumEl / source.Size(0);
        var from = ((CpuStorage)source.Storage).Data;
        var to = ((CpuStorage)result.Storage).Data;
        for (int r = 0; r < rows.Length; r++)
            Array.Copy(from, source.Offset + rows[r] * rowLength, to, r * rowLength, rowLength);
        return result;
    }
}
