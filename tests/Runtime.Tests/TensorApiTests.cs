namespace GraphGen.Tests;

/// <summary>The tensor API a PyTorch user reaches for first: creation, access, metadata, randomness, views, copies, empty tensors.</summary>
public class TensorApiTests
{
    [Fact]
    public void CreationTheSeedsFourWays()
    {
        // torch.FloatTensor(3, 2) / torch.zeros(3, 2)
        var empty = Tensor.Empty(3, 2);
        var zeros = Tensor.Zeros(3, 2);
        Assert.Equal(new Shape(3, 2), empty.Shape);
        Assert.Equal(DType.Float32, empty.DType);
        Assert.All(zeros.ToArray<float>(), v => Assert.Equal(0f, v));

        // torch.FloatTensor([[1,2,3],[3,2,1]])
        var m = Tensor.From(new float[,] { { 1, 2, 3 }, { 3, 2, 1 } });
        Assert.Equal(new Shape(2, 3), m.Shape);
        Assert.Equal([1f, 2f, 3f, 3f, 2f, 1f], m.ToArray<float>());
        Assert.Equal(3f, m[1][0].Item<float>());

        // torch.tensor(n, dtype=torch.float32) from doubles
        var d = Tensor.From([1.5, 2.25, -3.0], DType.Float32);
        Assert.Equal(DType.Float32, d.DType);
        Assert.Equal([1.5f, 2.25f, -3f], d.ToArray<float>());

        var cube = Tensor.From(new long[,,] { { { 1, 2 } }, { { 3, 4 } } });
        Assert.Equal(new Shape(2, 1, 2), cube.Shape);
        Assert.Equal(DType.Int64, cube.DType);
        Assert.Equal(DType.Int32, Tensor.From([1, 2]).DType);
        Assert.Equal(DType.Bool, Tensor.From([true, false]).DType);
    }

    [Fact]
    public void FactoriesFillAndShape()
    {
        Assert.Equal([1f, 1f, 1f, 1f], Tensor.Ones(2, 2).ToArray<float>());
        Assert.Equal([2.5, 2.5], Tensor.Full([2], 2.5, DType.Float64).ToArray<double>());
        var like = Tensor.OnesLike(Tensor.Zeros([2, 3], DType.Int64));
        Assert.Equal(DType.Int64, like.DType);
        Assert.Equal(new Shape(2, 3), like.Shape);
        Assert.Equal([1L, 1L, 1L, 1L, 1L, 1L], like.ToArray<long>());
        var s = Tensor.Scalar(4f);
        Assert.Equal(0, s.Rank);
        Assert.Equal(1, s.NumEl);
        Assert.Equal("[]", s.Shape.ToString());
    }

    [Fact]
    public void ItemConvertsAndSumOfIntegersIsInt64()
    {
        var a = Tensor.From(new long[,] { { 1, 2 }, { 3, 4 } });
        var s = a.Sum();
        Assert.Equal(DType.Int64, s.DType);
        Assert.Equal(10L, s.Item<long>());
        Assert.Equal(10f, s.Item<float>());
        Assert.Equal(10, s.Item<int>());
        Assert.Equal(2.5f, Tensor.From([2.5f]).Item<float>());
        Assert.Equal(2L, Tensor.From([2.9f]).Item<long>());
        Assert.Equal(long.MaxValue - 1, Tensor.From([long.MaxValue - 1]).Item<long>());   // exact past 2^53
        Assert.Equal(DType.Int64, Tensor.From([true, true, false]).Sum().DType);
        Assert.Equal(2L, Tensor.From([true, true, false]).Sum().Item<long>());
    }

    [Fact]
    public void ToArrayOfViewsIsRowMajorAndConverts()
    {
        var m = Tensor.Arange(6).View(2, 3);
        Assert.Equal([0L, 3L, 1L, 4L, 2L, 5L], m.T.ToArray<long>());
        Assert.Equal([1.0, 4.0], m.Select(1, 1).ToArray<double>());
        Assert.IsType<long[]>(m.ToArray());
        Assert.IsType<float[]>(Tensor.Zeros(1).ToArray());
    }

    [Fact]
    public void Metadata()
    {
        var t = Tensor.Zeros([2, 3, 4], DType.Float64);
        Assert.Equal(new Shape(2, 3, 4), t.Shape);
        Assert.Equal([2, 3, 4], t.Shape.ToArray());
        Assert.Equal(3, t.Rank);
        Assert.Equal(24, t.NumEl);
        Assert.Equal(4, t.Size(-1));
        Assert.Equal(DType.Float64, t.DType);
        Assert.Equal(Device.Cpu, t.Device);
        Assert.Equal("cpu", t.Device.ToString());
        Assert.True(t.IsContiguous);
        Assert.False(t.Transpose(0, 2).IsContiguous);
        Assert.Equal("torch.float64", t.DType.TorchName());
    }

    [Fact]
    public void ArangeValuesAndDtypes()
    {
        Assert.Equal([0L, 1L, 2L, 3L], Tensor.Arange(4).ToArray<long>());
        Assert.Equal([1.0, 1.5, 2.0, 2.5], Tensor.Arange(1, 3, 0.5, DType.Float64).ToArray<double>());
        Assert.Equal([5L, 3L, 1L], Tensor.Arange(5, 0, -2).ToArray<long>());
        Assert.Equal(0, Tensor.Arange(0).NumEl);
    }

    [Fact]
    public void RandomTensorsAreReproducibleFromASeed()
    {
        Tensor.ManualSeed(42);
        var a = Tensor.Rand(3, 4);
        var b = Tensor.Randn(5);
        Tensor.ManualSeed(42);
        Assert.Equal(a.ToArray<float>(), Tensor.Rand(3, 4).ToArray<float>());
        Assert.Equal(b.ToArray<float>(), Tensor.Randn(5).ToArray<float>());

        var g1 = new RandomGenerator(7);
        var g2 = new RandomGenerator(7);
        Assert.Equal(Tensor.Randn([100], g1).ToArray<float>(), Tensor.Randn([100], g2).ToArray<float>());
        Assert.NotEqual(Tensor.Rand([10], new RandomGenerator(1)).ToArray<float>(), Tensor.Rand([10], new RandomGenerator(2)).ToArray<float>());

        var u = Tensor.Rand([10000], new RandomGenerator(3)).ToArray<float>();
        Assert.All(u, v => Assert.InRange(v, 0f, 0.99999994f));
        Assert.InRange(u.Average(), 0.48, 0.52);
        var n = Tensor.Randn([20000], new RandomGenerator(4), DType.Float64).ToArray<double>();
        double mean = n.Average();
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(n.Select(v => (v - mean) * (v - mean)).Average(), 0.95, 1.05);
        var w = Tensor.Uniform([1000], -2, 3, new RandomGenerator(5)).ToArray<float>();
        Assert.All(w, v => Assert.InRange(v, -2f, 3f));
    }

    [Fact]
    public void NarrowAndSliceCutBatchesAsViews()
    {
        var data = Tensor.Arange(0, 10 * 3, dtype: DType.Float32).View(10, 3);
        var batches = new List<Tensor>();
        for (int start = 0; start < 10; start += 4) batches.Add(data.Slice(0, start, start + 4));
        Assert.Equal([4, 4, 2], batches.Select(b => b.Size(0)));
        Assert.Equal([24f, 25f, 26f, 27f, 28f, 29f], batches[2].ToArray<float>());
        Assert.Equal(batches[1].ToArray<float>(), data.Narrow(0, 4, 4).ToArray<float>());
        Assert.Equal([1f, 4f], data.Narrow(0, 0, 2).Narrow(1, 1, 1).ToArray<float>());
        Assert.Equal([27f, 28f, 29f], data.Slice(0, -1, 100).ToArray<float>());   // ends clamp, negatives count from the end
        Assert.Equal(0, data.Slice(0, 5, 2).NumEl);

        batches[0].Zero_();                       // a view: writes reach the original
        Assert.Equal(0f, data.Sum(1)[3].Item<float>());
        Assert.Equal(39f, data.Sum(1)[4].Item<float>());
    }

    [Fact]
    public void CopyBroadcastsAndConverts()
    {
        var dst = Tensor.Zeros(2, 3);
        dst.Copy_(Tensor.From([1.0, 2.0, 3.0]));
        Assert.Equal([1f, 2f, 3f, 1f, 2f, 3f], dst.ToArray<float>());
        dst.T.Copy_(Tensor.From(new long[,] { { 7, 8 }, { 9, 10 }, { 11, 12 } }));   // strided destination, int64 source
        Assert.Equal([7f, 9f, 11f, 8f, 10f, 12f], dst.ToArray<float>());
        dst.Narrow(1, 1, 1).Copy_(Tensor.Scalar(0f));
        Assert.Equal([7f, 0f, 11f, 8f, 0f, 12f], dst.ToArray<float>());
    }

    [Fact]
    public void ViewsShareStorageAndCopiesDoNot()
    {
        var x = Tensor.Arange(0, 6, dtype: DType.Float32).View(2, 3);
        var t = x.T;
        var c = x.Clone();
        var u = x.T.Unsqueeze(0);                 // unsqueeze/squeeze of a strided tensor stay views
        var s = u.Squeeze(0);
        x.Add_(1.0);
        Assert.Equal(x.T.ToArray<float>(), t.ToArray<float>());
        Assert.Equal(x.T.ToArray<float>(), s.ToArray<float>());
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], c.ToArray<float>());
        Assert.False(u.IsContiguous);
        Assert.Equal(new Shape(1, 3, 2), u.Shape);
    }

    [Fact]
    public void WrapAndAsSpanShareTheArray()
    {
        var data = new float[] { 1, 2, 3, 4 };
        var t = Tensor.Wrap(data, 2, 2);
        data[3] = 40;
        Assert.Equal(40f, t[1][1].Item<float>());
        t.AsSpan<float>()[0] = 10;
        Assert.Equal(10f, data[0]);
        Assert.Equal([3f, 40f], t[1].AsSpan<float>().ToArray());
    }

    [Fact]
    public void DtypePromotionAndScalars()
    {
        var i = Tensor.From([1L, 2L]);
        Assert.Equal(DType.Int64, (i + 1L).DType);
        Assert.Equal(DType.Float32, (i + 0.5).DType);
        Assert.Equal(DType.Float32, (i / 2L).DType);               // true division
        Assert.Equal([0.5f, 1f], (i / 2L).ToArray<float>());
        Assert.Equal(DType.Float64, (Tensor.Ones(2) + Tensor.Ones([2], DType.Float64)).DType);
        Assert.Equal(DType.Float32, (Tensor.Ones(2) * 2.0).DType);
        Assert.Equal(DType.Float32, (Tensor.Ones(2) + i).DType);
        Assert.Equal([true, false], (Tensor.From([3f, 1f]) > 2.0).ToArray<bool>());
    }

    [Fact]
    public void DtypeConversionsRoundTripLikeCasts()
    {
        Assert.Equal([1f, 0f, 1f], Tensor.From([true, false, true]).To(DType.Float32).ToArray<float>());
        Assert.Equal([1.0, 0.0], Tensor.From([true, false]).To(DType.Float64).ToArray<double>());
        Assert.Equal([-3f, 9007199254740993f], Tensor.From([-3L, 9007199254740993L]).To(DType.Float32).ToArray<float>());
        Assert.Equal([-3.0, 4.0], Tensor.From([-3, 4]).To(DType.Float64).ToArray<double>());
        Assert.Equal([-3L, 4L], Tensor.From([-3, 4]).To(DType.Int64).ToArray<long>());
        Assert.Equal([-3, 4], Tensor.From([-3L, 4L]).To(DType.Int32).ToArray<int>());
        Assert.Equal([-2L, 2L], Tensor.From([-2.7f, 2.7f]).To(DType.Int64).ToArray<long>());   // truncation toward zero
        Assert.Equal([true, false], Tensor.From([0.5f, 0f]).To(DType.Bool).ToArray<bool>());
        Assert.Equal([2.5f], Tensor.From([2.5]).To(DType.Float32).ToArray<float>());
    }

    [Fact]
    public void ZeroSizeTensorsWorkThroughEveryOp()
    {
        var e = Tensor.Zeros(0, 3).RequiresGrad_();
        Assert.Equal(0f, e.Sum().Item<float>());
        Assert.True(float.IsNaN(e.Mean().Item<float>()));
        Assert.Equal(new Shape(3), e.Sum(0).Shape);
        Assert.Equal(new Shape(0), e.Sum(1).Shape);
        Assert.Equal(new Shape(0, 3), (e + Tensor.Ones(3)).Shape);
        Assert.Equal(new Shape(0, 3), e.Softmax(1).Shape);
        Assert.Equal(new Shape(0, 3), e.Exp().Relu().Gelu().Shape);
        Assert.Equal(new Shape(3, 0), e.T.Contiguous().Shape);
        Assert.Equal(new Shape(0, 2), e.MatMul(Tensor.Ones(3, 2)).Shape);
        var k0 = Tensor.Ones(2, 0).MatMul(Tensor.Ones(0, 4));
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f], k0.ToArray<float>());
        (e * 2.0).Sum().Backward();
        Assert.Equal(new Shape(0, 3), e.Grad!.Shape);
        Assert.Empty(Tensor.Zeros(0).ToArray<float>());
    }

    [Fact]
    public void NonContiguousInputsGiveTheSameResultsAsContiguousOnes()
    {
        var x = Tensor.Randn([4, 5], new RandomGenerator(9));
        var xt = x.T;                               // strided
        var xc = x.T.Contiguous();
        Assert.False(xt.IsContiguous);
        foreach (var f in new Func<Tensor, Tensor>[]
        {
            t => t.Exp(), t => t.Abs(), t => -t, t => t.Relu(), t => t.Sigmoid(), t => t.Tanh(), t => t.Gelu(), t => t.Elu(),
            t => t.LeakyRelu(), t => t.Softmax(0), t => t.LogSoftmax(1), t => t.Sum(0), t => t.Mean(1), t => t.Max(0).Values,
            t => t.Max(1).Indices, t => t * t, t => t + x.T.Narrow(0, 1, 1), t => t.MatMul(x), t => x.MatMul(t), t => t.Reshape(-1),
            t => t.Pow(2), t => t.Maximum(t * 0.5), t => t.Sign(), t => t.Gt(0.1), t => t.To(DType.Float64),
        })
        {
            Assert.Equal(f(xc).ToArray<double>(), f(xt).ToArray<double>());
        }
    }
}
