namespace GraphGen.Tests.Validation;

/// <summary>
/// Shapes whose element count overflows int, negative sizes and out-of-range lengths are refused where they
/// enter (View, Reshape, Narrow, Expand, factories, broadcasting), naming the shape, instead of being
/// accepted and failing far away (or silently giving 0, or hanging the printer).
/// </summary>
public class ShapeValidationTests
{
    [Fact]
    public void ReshapeToAShapeWhoseProductOverflowsIsRefused()
    {
        // 4 * 1073741825 wraps to 4 in int arithmetic, so the old check accepted it.
        Expect.Throws<ArgumentException>(() => Tensor.Zeros(4).Reshape(4, 1073741825), "[4, 1073741825]", "invalid for input of size 4");
        Expect.Throws<ArgumentException>(() => Tensor.Zeros(4).View(4, 1073741825), "[4, 1073741825]");
        Expect.Throws<ArgumentException>(() => Tensor.Zeros(0).Reshape(0, 65536, 65536), "[0, 65536, 65536]", "too large");
    }

    [Fact]
    public void NarrowWhoseEndOverflowsIsRefused()
    {
        Expect.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(4).Narrow(0, 2, int.MaxValue), "start (2)", $"length ({int.MaxValue})", "size 4");
        Expect.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(4).Narrow(0, -5, 1), "start (-5)", "[-4, 4]");
        Assert.Equal([2f, 3f], Tensor.From([0f, 1f, 2f, 3f]).Narrow(0, -2, 2).ToArray<float>());
    }

    [Fact]
    public void ExpandToNegativeOrOverflowingSizesIsRefused()
    {
        Expect.Throws<ArgumentException>(() => Tensor.Zeros(3).Expand(-2, 3), "(-2)", "[-2, 3]");
        Expect.Throws<ArgumentException>(() => Tensor.Zeros(3).Expand(-1, 3), "(-1)", "leading, non-existing dimension 0");
        Expect.Throws<ArgumentException>(() => Tensor.Ones(1).Expand(65536, 65536), "[65536, 65536]", "4294967296", "too large");
        Assert.Equal([3, 2], Tensor.Zeros(1, 2).Expand(3, -1).Shape.ToArray());
    }

    [Fact]
    public void SumOfAnExpandThatWouldOverflowNoLongerReturnsZero()
    {
        // The bug: 65536 * 65536 wrapped to 0 elements, so Sum() was 0 instead of 2^32.
        Expect.Throws<ArgumentException>(() => Tensor.Ones(1).Expand(65536, 65536).Sum(), "too large");
        Assert.Equal(65536.0 * 2, Tensor.Ones(1).Expand(65536, 2).Sum().Item<float>());
    }

    [Fact]
    public void FactoriesRefuseNegativeAndTooLargeShapes()
    {
        Expect.Throws<ArgumentException>(() => Tensor.Zeros(2, -1), "negative dimension -1", "[2, -1]");
        Expect.Throws<ArgumentException>(() => Tensor.Ones(100000, 100000), "[100000, 100000]", "10000000000", "2147483647");
        Expect.Throws<ArgumentException>(() => Tensor.Wrap(new float[1], 65536, 65536, 2), "Wrap", "too large");
        Expect.Throws<ArgumentException>(() => Tensor.Zeros(65536, 1) + Tensor.Zeros(1, 65536), "Add", "[65536, 65536]", "too large");
    }

    [Fact]
    public void AnAllocationTheRuntimeCannotMakeNamesTheByteCount()
    {
        // int.MaxValue float32 elements pass the element-count check but exceed .NET's array limit:
        // the allocator's error names the bytes, as PyTorch's "you tried to allocate N bytes".
        var e = Expect.Throws<OutOfMemoryException>(() => Tensor.Zeros(int.MaxValue), "8589934588 bytes", $"[{int.MaxValue}]");
        Assert.IsType<OutOfMemoryException>(e.InnerException);
    }

    [Fact]
    public void PrintingCannotMeetAnOverflowedShape()
    {
        // The old hang: a tensor whose shape product had wrapped was printed element by element.
        Expect.Throws<ArgumentException>(() => Tensor.Zeros(4).Reshape(4, 1073741825).ToString(), "[4, 1073741825]");
        Assert.Equal("tensor([], size=(0, 3))", Tensor.Zeros(0, 3).ToString());
        // A valid view of 2^30 elements prints its edges only, without reading the rest.
        Assert.StartsWith("tensor([[1., 1., 1.,  ..., 1., 1., 1.],", Tensor.Ones(1).Expand(32768, 32768).ToString());
    }

    [Fact]
    public void NullShapeAndNullTensorsAreNamed()
    {
        Assert.Equal("shape", Assert.Throws<ArgumentNullException>(() => Tensor.Zeros(null!, DType.Float32)).ParamName);
        Assert.Equal("shape", Assert.Throws<ArgumentNullException>(() => Tensor.Zeros(2).View(null!)).ParamName);
        Assert.Equal("other", Assert.Throws<ArgumentNullException>(() => Tensor.Zeros(2).Add(null!)).ParamName);
        Assert.Equal("other", Assert.Throws<ArgumentNullException>(() => Tensor.Zeros(2).MatMul(null!)).ParamName);
        Assert.Equal("other", Assert.Throws<ArgumentNullException>(() => Tensor.Zeros(2).Lt((Tensor)null!)).ParamName);
        Assert.Equal("source", Assert.Throws<ArgumentNullException>(() => Tensor.Zeros(2).Copy_(null!)).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentNullException>(() => _ = (Tensor)null! + Tensor.Zeros(2)).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentNullException>(() => GraphGen.Nn.F.Relu(null!)).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentNullException>(() => new GraphGen.Nn.ReLU().Call(null!)).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentNullException>(() => GraphGen.Nn.F.NllLoss(Tensor.Zeros(2, 3), null!)).ParamName);
    }
}
