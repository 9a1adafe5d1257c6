using GraphGen.Data;

namespace GraphGen.Tests.Data;

public class DataLoaderTests
{
    private static TensorDataset Rows(int n)
    {
        var x = Tensor.Arange(0, n * 3, dtype: DType.Float32).Reshape(n, 3);
        var y = Tensor.Arange(n);
        return new TensorDataset(x, y);
    }

    [Fact]
    public void DatasetRejectsMismatchedFirstDimensionsNamingThem()
    {
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Zeros(100, 784), Tensor.Zeros(99)));
        Assert.Contains("tensor 0 has 100 samples (shape [100, 784])", e.Message);
        Assert.Contains("tensor 1 has 99 (shape [99])", e.Message);
        Assert.Contains("scalar", Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Scalar(1f))).Message);
        Assert.Throws<ArgumentException>(() => new TensorDataset());
    }

    [Fact]
    public void DatasetIndexerReturnsOneRowOfEachTensor()
    {
        var ds = Rows(4);
        var sample = ds[2];
        Assert.Equal([6f, 7f, 8f], sample[0].ToArray<float>());
        Assert.Equal(2L, sample[1].Item<long>());
        Assert.Throws<ArgumentOutOfRangeException>(() => ds[4]);
    }

    [Theory]
    [InlineData(10, 3, false, 4, 1)]
    [InlineData(10, 3, true, 3, 3)]
    [InlineData(9, 3, false, 3, 3)]
    [InlineData(2, 5, true, 0, 0)]
    public void CountsBatchesAndSizesTheLastOne(int n, int batch, bool dropLast, int batches, int lastSize)
    {
        var loader = new DataLoader(Rows(n), batch, dropLast: dropLast);
        Assert.Equal(batches, loader.Count);
        var all = loader.ToList();
        Assert.Equal(batches, all.Count);
        if (batches > 0) Assert.Equal(lastSize, all[^1][0].Size(0));
    }

    [Fact]
    public void UnshuffledBatchesAreViewsInOrder()
    {
        var ds = Rows(5);
        var batches = new DataLoader(ds, 2).ToList();
        Assert.Equal(new long[] { 0, 1 }, batches[0][1].ToArray<long>());
        Assert.Equal(new long[] { 4 }, batches[2][1].ToArray<long>());
        Assert.Equal([3f, 4f, 5f, 6f, 7f, 8f], batches[0][0].ToArray<float>().Skip(3).Concat(batches[1][0].ToArray<float>().Take(3)).ToArray());
        Assert.Equal([2, 3], batches[0][0].Shape.ToArray());
    }

    [Fact]
    public void ShuffledEpochsArePermutationsKeepingRowsTogether()
    {
        var loader = new DataLoader(Rows(10), 3, shuffle: true, dropLast: false, seed: 7);
        var epoch1 = loader.SelectMany(b => b[1].ToArray<long>()).ToArray();
        var epoch2 = new List<long>();
        foreach (var b in loader)
        {
            var x = b[0].ToArray<float>();
            var y = b[1].ToArray<long>();
            for (int i = 0; i < y.Length; i++) Assert.Equal(new[] { 3f * y[i], 3f * y[i] + 1, 3f * y[i] + 2 }, x[(3 * i)..(3 * i + 3)]);
            epoch2.AddRange(y);
        }
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), epoch1.Order());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), epoch2.Order());
        Assert.NotEqual(epoch1, epoch2.ToArray()); // a new permutation each epoch
        Assert.NotEqual(Enumerable.Range(0, 10).Select(i => (long)i), epoch1);

        var again = new DataLoader(Rows(10), 3, shuffle: true, dropLast: false, seed: 7);
        Assert.Equal(epoch1, again.SelectMany(b => b[1].ToArray<long>()).ToArray()); // same seed, same order
    }

    [Fact]
    public void BadBatchSizeIsRejected()
        => Assert.Contains("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Rows(3), 0)).Message);

    [Fact]
    public void ACancelledLoopStopsBetweenBatches()
    {
        var loader = new DataLoader(Rows(10), batchSize: 3, shuffle: true, dropLast: false, seed: 1);
        using var cts = new CancellationTokenSource();
        var seen = new List<Tensor[]>();
        Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (var batch in loader.Batches(cts.Token))
            {
                seen.Add(batch);
                if (seen.Count == 2) cts.Cancel();
            }
        });
        Assert.Equal(2, seen.Count);

        // Uncancelled, it is the plain loop: the same batches from the same seed.
        var plain = new DataLoader(Rows(10), batchSize: 3, shuffle: true, dropLast: false, seed: 1).ToList();
        var checkedLoop = new DataLoader(Rows(10), batchSize: 3, shuffle: true, dropLast: false, seed: 1).Batches(CancellationToken.None).ToList();
        Assert.Equal(plain.Count, checkedLoop.Count);
        for (int i = 0; i < plain.Count; i++) Assert.Equal(plain[i][0].ToArray<float>(), checkedLoop[i][0].ToArray<float>());
    }
}
