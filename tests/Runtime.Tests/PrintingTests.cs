namespace GraphGen.Tests;

/// <summary>
/// <see cref="Tensor.ToString"/> against what PyTorch prints. Every expected string was produced by
/// <c>repr(t)</c> in real PyTorch for the same tensor (built with the torch call named in each comment),
/// under the default print options (precision 4, threshold 1000, edgeitems 3, linewidth 80).
/// </summary>
public class PrintingTests
{
    private static void AssertPrints(Tensor tensor, string expected)
        => Assert.Equal(expected.ReplaceLineEndings("\n"), tensor.ToString());

    [Fact]
    public void SeedExamples()
    {
        // torch.zeros(3, 2) (a zero-filled torch.FloatTensor(3, 2))
        AssertPrints(Tensor.Zeros(3, 2), """
            tensor([[0., 0.],
                    [0., 0.],
                    [0., 0.]])
            """);
        // torch.FloatTensor([[1, 2, 3], [3, 2, 1]])
        AssertPrints(Tensor.From(new float[,] { { 1, 2, 3 }, { 3, 2, 1 } }), """
            tensor([[1., 2., 3.],
                    [3., 2., 1.]])
            """);
        // torch.tensor([1, 2, 3]).sum()
        AssertPrints(Tensor.From(new[] { 1L, 2L, 3L }).Sum(), "tensor(6)");
    }

    [Fact]
    public void AutogradSuffixes()
    {
        var v1 = Tensor.From(new[] { 1f, 1f }).RequiresGrad_();
        var v2 = Tensor.From(new[] { 2f, 2f });
        var vSum = v1 + v2;
        var vRes = (vSum * 2).Sum();
        vRes.Backward();

        AssertPrints(v1, "tensor([1., 1.], requires_grad=True)");
        AssertPrints(vSum, "tensor([3., 3.], grad_fn=<AddBackward0>)");
        AssertPrints(vRes, "tensor(12., grad_fn=<SumBackward0>)");
        AssertPrints(v1.Grad!, "tensor([2., 2.])");
        // torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True) * 2
        AssertPrints(Tensor.From(new[] { 1.0, 2.0 }).RequiresGrad_() * 2, "tensor([2., 4.], dtype=torch.float64, grad_fn=<MulBackward0>)");
    }

    [Fact]
    public void NoSuffixOutsideTheGraph()
    {
        var leaf = Tensor.From(new[] { 1f, 1f }).RequiresGrad_();
        using (Autograd.NoGrad()) AssertPrints(leaf * 2, "tensor([2., 2.])");
        AssertPrints(leaf.Detach(), "tensor([1., 1.])");
    }

    [Fact]
    public void IntegerDTypes()
    {
        AssertPrints(Tensor.From(new[] { 1L, 2L, 3L }), "tensor([1, 2, 3])");
        AssertPrints(Tensor.From(new[] { 1, 2, 3 }), "tensor([1, 2, 3], dtype=torch.int32)");
        AssertPrints(Tensor.From(new[,] { { 1, 2 }, { 3, 4 } }), """
            tensor([[1, 2],
                    [3, 4]], dtype=torch.int32)
            """);
        AssertPrints(Tensor.From(new[] { -1L, 10L, 100L }), "tensor([ -1,  10, 100])");
        AssertPrints(Tensor.From(new[] { long.MaxValue }), "tensor([9223372036854775807])");
        AssertPrints(Tensor.Scalar(3L), "tensor(3)");
    }

    [Fact]
    public void BoolDType()
    {
        AssertPrints(Tensor.From(new[] { true, false }), "tensor([ True, False])");
        // torch.tensor([[1., 2.], [3., 4.]]) > 2
        AssertPrints(Tensor.From(new float[,] { { 1, 2 }, { 3, 4 } }).Gt(2.0), """
            tensor([[False, False],
                    [ True,  True]])
            """);
        AssertPrints(Tensor.Scalar(1f) > Tensor.Scalar(0f), "tensor(True)");
    }

    [Fact]
    public void IntegralFloatsGetATrailingDotAndOneWidth()
    {
        AssertPrints(Tensor.From(new[] { 1f, 100f }), "tensor([  1., 100.])");
        AssertPrints(Tensor.From(new[] { -1f, 2f }), "tensor([-1.,  2.])");
        AssertPrints(Tensor.From(new[] { 1f, 1000f }), "tensor([   1., 1000.])");
        // 1e8 itself stays fixed; only a maximum above 1e8 switches to scientific notation.
        AssertPrints(Tensor.Scalar(1e8f), "tensor(100000000.)");
        AssertPrints(Tensor.Scalar(1e9f), "tensor(1.0000e+09)");
    }

    [Fact]
    public void FractionalFloatsUseFourDecimals()
    {
        AssertPrints(Tensor.From(new[] { 1.5f, 2.25f }), "tensor([1.5000, 2.2500])");
        AssertPrints(Tensor.From(new[] { 0.1f, 0.2f, 0.3f }), "tensor([0.1000, 0.2000, 0.3000])");
        AssertPrints(Tensor.From(new[] { (float)(1.0 / 3), (float)(2.0 / 3), (float)(-1.0 / 3) }), "tensor([ 0.3333,  0.6667, -0.3333])");
        AssertPrints(Tensor.From(new float[,] { { 0.4963f, 0.7682f, 0.0885f }, { 0.1320f, 0.3074f, 0.6341f } }), """
            tensor([[0.4963, 0.7682, 0.0885],
                    [0.1320, 0.3074, 0.6341]])
            """);
        AssertPrints(Tensor.Scalar(0.5f), "tensor(0.5000)");
        // torch.tensor([9.99996, 1.5], dtype=torch.float64): the width comes from the rounded text.
        AssertPrints(Tensor.From(new[] { 9.99996, 1.5 }), "tensor([10.0000,  1.5000], dtype=torch.float64)");
    }

    [Fact]
    public void ScientificNotationForWideOrTinyRanges()
    {
        AssertPrints(Tensor.From(new[] { 1e-5f, 1e3f }), "tensor([1.0000e-05, 1.0000e+03])");
        AssertPrints(Tensor.From(new[] { -1e-5f, 1e3f }), "tensor([-1.0000e-05,  1.0000e+03])");
        AssertPrints(Tensor.From(new[] { 1f, 10000f }), "tensor([1.0000e+00, 1.0000e+04])");
        AssertPrints(Tensor.From(new[] { 1f, 1001f }), "tensor([1.0000e+00, 1.0010e+03])");
        AssertPrints(Tensor.From(new[] { 0f, 1e-5f, 1f }), "tensor([0.0000e+00, 1.0000e-05, 1.0000e+00])");
        // torch.tensor([1e-300, 1.], dtype=torch.float64): three exponent digits widen every element.
        AssertPrints(Tensor.From(new[] { 1e-300, 1.0 }), "tensor([1.0000e-300,  1.0000e+00], dtype=torch.float64)");
        // 9.99996e-05 rounds to 10.0000e-05 and is renormalised to 1.0000e-04.
        AssertPrints(Tensor.From(new[] { 9.99996e-5, 1.0 }), "tensor([1.0000e-04, 1.0000e+00], dtype=torch.float64)");
    }

    [Fact]
    public void ExactTiesRoundToEvenAsPythonDoes()
    {
        // 0.03125 and 103125 are exact binary values halfway between two printed ones.
        AssertPrints(Tensor.From(new[] { 0.03125f, 1f }), "tensor([0.0312, 1.0000])");
        AssertPrints(Tensor.From(new[] { 1f, 103125f }), "tensor([1.0000e+00, 1.0312e+05])");
    }

    [Fact]
    public void NanInfinityAndNegativeZero()
    {
        AssertPrints(Tensor.From(new[] { 1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity }), "tensor([1., nan, inf, -inf])");
        AssertPrints(Tensor.From(new[] { 1.5f, float.NaN }), "tensor([1.5000,    nan])");
        AssertPrints(Tensor.From(new[] { 1e-5f, float.NaN }), "tensor([1.0000e-05,        nan])");
        AssertPrints(Tensor.From(new[] { float.NaN }), "tensor([nan])");
        AssertPrints(Tensor.From(new[] { 0f, -0f }), "tensor([0., -0.])");
        // Zeros do not vote on the width, so "-0.0000" is wider than the others.
        AssertPrints(Tensor.From(new[] { -0f, 1.5f }), "tensor([-0.0000, 1.5000])");
        AssertPrints(Tensor.Scalar(-0f), "tensor(-0.)");
    }

    [Fact]
    public void Float64ShowsItsDType()
    {
        AssertPrints(Tensor.From(new[] { 1.5, 2.25 }), "tensor([1.5000, 2.2500], dtype=torch.float64)");
        AssertPrints(Tensor.Scalar(-2.5, DType.Float64), "tensor(-2.5000, dtype=torch.float64)");
    }

    [Fact]
    public void NestingAndBlankLinesBetweenSlices()
    {
        AssertPrints(Tensor.Zeros(1, 1), "tensor([[0.]])");
        // torch.arange(24).view(2, 3, 4)
        AssertPrints(Tensor.Arange(24).View(2, 3, 4), """
            tensor([[[ 0,  1,  2,  3],
                     [ 4,  5,  6,  7],
                     [ 8,  9, 10, 11]],

                    [[12, 13, 14, 15],
                     [16, 17, 18, 19],
                     [20, 21, 22, 23]]])
            """);
        AssertPrints(Tensor.Zeros(1, 1, 2, 2), """
            tensor([[[[0., 0.],
                      [0., 0.]]]])
            """);
        AssertPrints(Tensor.Zeros(2, 1, 1, 1), """
            tensor([[[[0.]]],


                    [[[0.]]]])
            """);
    }

    [Fact]
    public void NonContiguousViewsPrintTheirLogicalOrder()
    {
        // torch.tensor([[1., 2., 3.], [4., 5., 6.]]).t()
        AssertPrints(Tensor.From(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }).T, """
            tensor([[1., 4.],
                    [2., 5.],
                    [3., 6.]])
            """);
    }

    [Fact]
    public void LongRowsWrapAtEightyColumns()
    {
        AssertPrints(Tensor.Arange(30), """
            tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17,
                    18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29])
            """);
        // torch.tensor([i * 0.1 for i in range(20)])
        AssertPrints(Tensor.From(Enumerable.Range(0, 20).Select(i => (float)(i * 0.1)).ToArray()), """
            tensor([0.0000, 0.1000, 0.2000, 0.3000, 0.4000, 0.5000, 0.6000, 0.7000, 0.8000,
                    0.9000, 1.0000, 1.1000, 1.2000, 1.3000, 1.4000, 1.5000, 1.6000, 1.7000,
                    1.8000, 1.9000])
            """);
        AssertPrints(Tensor.Ones(2, 30), """
            tensor([[1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1.,
                     1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1.],
                    [1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1.,
                     1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1.]])
            """);
    }

    [Fact]
    public void SuffixThatWouldPassTheLineWidthGoesOnANewLine()
    {
        // torch.arange(14.).requires_grad_()
        AssertPrints(Tensor.Arange(0, 14, dtype: DType.Float32).RequiresGrad_(), """
            tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.],
                   requires_grad=True)
            """);
    }

    [Fact]
    public void SummarisesAboveAThousandElements()
    {
        AssertPrints(Tensor.Arange(2000), "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])");
        // torch.arange(2000.): the edges 0..1999 span more than 1000x, so scientific notation.
        AssertPrints(Tensor.Arange(0, 2000, dtype: DType.Float32), """
            tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,
                    1.9990e+03])
            """);
        AssertPrints(Tensor.Ones(2000), "tensor([1., 1., 1.,  ..., 1., 1., 1.])");
        // torch.arange(10000).view(100, 100)
        AssertPrints(Tensor.Arange(10000).View(100, 100), """
            tensor([[   0,    1,    2,  ...,   97,   98,   99],
                    [ 100,  101,  102,  ...,  197,  198,  199],
                    [ 200,  201,  202,  ...,  297,  298,  299],
                    ...,
                    [9700, 9701, 9702,  ..., 9797, 9798, 9799],
                    [9800, 9801, 9802,  ..., 9897, 9898, 9899],
                    [9900, 9901, 9902,  ..., 9997, 9998, 9999]])
            """);
        AssertPrints(Tensor.Ones(100, 100), """
            tensor([[1., 1., 1.,  ..., 1., 1., 1.],
                    [1., 1., 1.,  ..., 1., 1., 1.],
                    [1., 1., 1.,  ..., 1., 1., 1.],
                    ...,
                    [1., 1., 1.,  ..., 1., 1., 1.],
                    [1., 1., 1.,  ..., 1., 1., 1.],
                    [1., 1., 1.,  ..., 1., 1., 1.]])
            """);
        AssertPrints(Tensor.Arange(2000).View(2000, 1), """
            tensor([[   0],
                    [   1],
                    [   2],
                    ...,
                    [1997],
                    [1998],
                    [1999]])
            """);
        // torch.arange(2000).view(2, 1000): two rows are all shown, each cut to its edges.
        AssertPrints(Tensor.Arange(2000).View(2, 1000), """
            tensor([[   0,    1,    2,  ...,  997,  998,  999],
                    [1000, 1001, 1002,  ..., 1997, 1998, 1999]])
            """);
    }

    [Fact]
    public void SummarisedThreeDimensionalTensor()
    {
        // torch.arange(2000).view(20, 10, 10)
        AssertPrints(Tensor.Arange(2000).View(20, 10, 10), """
            tensor([[[   0,    1,    2,  ...,    7,    8,    9],
                     [  10,   11,   12,  ...,   17,   18,   19],
                     [  20,   21,   22,  ...,   27,   28,   29],
                     ...,
                     [  70,   71,   72,  ...,   77,   78,   79],
                     [  80,   81,   82,  ...,   87,   88,   89],
                     [  90,   91,   92,  ...,   97,   98,   99]],

                    [[ 100,  101,  102,  ...,  107,  108,  109],
                     [ 110,  111,  112,  ...,  117,  118,  119],
                     [ 120,  121,  122,  ...,  127,  128,  129],
                     ...,
                     [ 170,  171,  172,  ...,  177,  178,  179],
                     [ 180,  181,  182,  ...,  187,  188,  189],
                     [ 190,  191,  192,  ...,  197,  198,  199]],

                    [[ 200,  201,  202,  ...,  207,  208,  209],
                     [ 210,  211,  212,  ...,  217,  218,  219],
                     [ 220,  221,  222,  ...,  227,  228,  229],
                     ...,
                     [ 270,  271,  272,  ...,  277,  278,  279],
                     [ 280,  281,  282,  ...,  287,  288,  289],
                     [ 290,  291,  292,  ...,  297,  298,  299]],

                    ...,

                    [[1700, 1701, 1702,  ..., 1707, 1708, 1709],
                     [1710, 1711, 1712,  ..., 1717, 1718, 1719],
                     [1720, 1721, 1722,  ..., 1727, 1728, 1729],
                     ...,
                     [1770, 1771, 1772,  ..., 1777, 1778, 1779],
                     [1780, 1781, 1782,  ..., 1787, 1788, 1789],
                     [1790, 1791, 1792,  ..., 1797, 1798, 1799]],

                    [[1800, 1801, 1802,  ..., 1807, 1808, 1809],
                     [1810, 1811, 1812,  ..., 1817, 1818, 1819],
                     [1820, 1821, 1822,  ..., 1827, 1828, 1829],
                     ...,
                     [1870, 1871, 1872,  ..., 1877, 1878, 1879],
                     [1880, 1881, 1882,  ..., 1887, 1888, 1889],
                     [1890, 1891, 1892,  ..., 1897, 1898, 1899]],

                    [[1900, 1901, 1902,  ..., 1907, 1908, 1909],
                     [1910, 1911, 1912,  ..., 1917, 1918, 1919],
                     [1920, 1921, 1922,  ..., 1927, 1928, 1929],
                     ...,
                     [1970, 1971, 1972,  ..., 1977, 1978, 1979],
                     [1980, 1981, 1982,  ..., 1987, 1988, 1989],
                     [1990, 1991, 1992,  ..., 1997, 1998, 1999]]])
            """);
    }

    [Fact]
    public void OnlyPrintedElementsChooseTheFormat()
    {
        // x = torch.ones(2000); x[1000] = 1e10: the hidden outlier does not force scientific notation.
        var data = Enumerable.Repeat(1f, 2000).ToArray();
        data[1000] = 1e10f;
        AssertPrints(Tensor.From(data), "tensor([1., 1., 1.,  ..., 1., 1., 1.])");
    }

    [Fact]
    public void EmptyTensorsShowShapeAndNonDefaultDType()
    {
        AssertPrints(Tensor.Zeros(0), "tensor([])");
        AssertPrints(Tensor.Zeros(0, 3), "tensor([], size=(0, 3))");
        // With no elements to show, int64 and bool are named too (only float32 is implied).
        AssertPrints(Tensor.From(Array.Empty<long>()), "tensor([], dtype=torch.int64)");
        AssertPrints(Tensor.Zeros([0], DType.Bool), "tensor([], dtype=torch.bool)");
        AssertPrints(Tensor.Zeros([0], DType.Float64), "tensor([], dtype=torch.float64)");
        AssertPrints(Tensor.Zeros([2, 0, 3], DType.Int32), "tensor([], size=(2, 0, 3), dtype=torch.int32)");
        AssertPrints(Tensor.Zeros(0).RequiresGrad_(), "tensor([], requires_grad=True)");
    }

    [Fact]
    public void DeviceSuffixForTensorsOffTheCpu()
    {
        // No GPU is needed: a tensor whose storage claims cuda:0 is printed from a CPU copy of its values.
        var values = Tensor.From(new[] { 1f, 2f });
        var onCuda = new Tensor(new ClaimedCudaStorage(DType.Float32, 2), [2]);
        Assert.Equal("tensor([1., 2.], device='cuda:0')", TensorFormatter.Format(onCuda, values));
        onCuda.RequiresGrad_();
        Assert.Equal("tensor([1., 2.], device='cuda:0', requires_grad=True)", TensorFormatter.Format(onCuda, values));
        var ints = new Tensor(new ClaimedCudaStorage(DType.Int32, 2), [2]);
        Assert.Equal("tensor([1, 2], device='cuda:0', dtype=torch.int32)", TensorFormatter.Format(ints, Tensor.From(new[] { 1, 2 })));
    }

    /// <summary>Storage that reports a CUDA device, to test the device suffix on a machine without a GPU.</summary>
    private sealed class ClaimedCudaStorage(DType dtype, int length) : Storage
    {
        public override Device Device => Device.Cuda(0);

        public override DType DType => dtype;

        public override int Length => length;
    }
}
