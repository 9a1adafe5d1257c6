namespace GraphGen.Tests;

/// <summary>
/// Each kind of bad input gets an exception of a meaningful type whose message names the offending
/// shapes or values (never an IndexOutOfRangeException from inside a kernel).
/// </summary>
public class BadInputTests
{
    private static void Throws<TException>(Action action, params string[] fragments) where TException : Exception
    {
        var e = Assert.ThrowsAny<TException>(action);
        Assert.IsNotType<IndexOutOfRangeException>(e);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void IncompatibleBroadcastNamesBothShapes()
    {
        Throws<ArgumentException>(() => _ = Tensor.Zeros(2, 3) + Tensor.Zeros(4, 3), "[2, 3]", "[4, 3]", "broadcast");
        Throws<ArgumentException>(() => _ = Tensor.Zeros(2, 3).Maximum(Tensor.Zeros(2)), "[2, 3]", "[2]");
        Throws<ArgumentException>(() => _ = Tensor.Zeros(2, 3).Lt(Tensor.Zeros(3, 3)), "[2, 3]", "[3, 3]");
    }

    [Fact]
    public void MatMulInnerDimensionsMismatch()
    {
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(4, 5)), "[2, 3]", "[4, 5]", "2x3", "4x5");
        Throws<ArgumentException>(() => Tensor.Zeros(3).MatMul(Tensor.Zeros(4)), "[3]", "[4]");
        Throws<ArgumentException>(() => Tensor.Zeros(3).MatMul(Tensor.Zeros(4, 2)), "[1, 3]", "[4, 2]");
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(4)), "[2, 3]", "[4, 1]");
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Scalar(1f)), "[2, 3]", "[]");
    }

    [Fact]
    public void MatMulBatchDimensionsMismatchNamesFullShapes()
    {
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3, 4).MatMul(Tensor.Zeros(3, 4, 5)), "[2, 3, 4]", "[3, 4, 5]");
    }

    [Fact]
    public void ItemOnManyElements()
    {
        Throws<InvalidOperationException>(() => Tensor.Zeros(2, 3).Item<float>(), "6 elements", "[2, 3]");
        Throws<InvalidOperationException>(() => Tensor.Zeros(0).Item<float>(), "0 elements");
    }

    [Fact]
    public void ViewToAnImpossibleShape()
    {
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3).View(4, 2), "[4, 2]", "size 6", "[2, 3]");
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3).View(-1, 4), "[-1, 4]", "size 6");
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Reshape(-1, -1), "[-1, -1]");
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Reshape(-2, 3), "-2");
        Throws<InvalidOperationException>(() => Tensor.Zeros(2, 3).T.View(6), "[3, 2]", "Reshape");
    }

    [Fact]
    public void OutOfRangeDimensions()
    {
        var x = Tensor.Zeros(2, 3);
        string range = "[-2, 1]";
        Throws<ArgumentOutOfRangeException>(() => x.Sum(2), "Sum", range, "got 2");
        Throws<ArgumentOutOfRangeException>(() => x.Sum([0, -3]), "Sum", range, "got -3");
        Throws<ArgumentOutOfRangeException>(() => x.Mean(5), "Mean", range, "got 5");
        Throws<ArgumentOutOfRangeException>(() => x.Softmax(2), "Softmax", range, "got 2");
        Throws<ArgumentOutOfRangeException>(() => x.LogSoftmax(-3), "LogSoftmax", range, "got -3");
        Throws<ArgumentOutOfRangeException>(() => x.Transpose(0, 2), "Transpose", range, "got 2");
        Throws<ArgumentOutOfRangeException>(() => x.Max(2), "Max", range);
        Throws<ArgumentOutOfRangeException>(() => x.ArgMax(-3), "Max", range);
        Throws<ArgumentOutOfRangeException>(() => x.Squeeze(2), "Squeeze", range);
        Throws<ArgumentOutOfRangeException>(() => x.Unsqueeze(3), "Unsqueeze", "[-3, 2]");
        Throws<ArgumentOutOfRangeException>(() => x.Flatten(0, 2), "Flatten", range);
        Throws<ArgumentOutOfRangeException>(() => x.Size(2), "Size", range);
        Throws<ArgumentOutOfRangeException>(() => x.Narrow(2, 0, 1), "Narrow", range);
        Throws<ArgumentOutOfRangeException>(() => x.Select(-3, 0), "Select", range);
    }

    [Fact]
    public void OutOfRangeIndicesAndLengths()
    {
        var x = Tensor.Zeros(2, 3);
        Throws<ArgumentOutOfRangeException>(() => x.Select(1, 3), "index 3", "size 3", "[2, 3]");
        Throws<ArgumentOutOfRangeException>(() => _ = x[2], "index 2", "size 2");
        Throws<ArgumentOutOfRangeException>(() => _ = x[-3], "index -3");
        Throws<ArgumentOutOfRangeException>(() => x.Narrow(1, 2, 2), "start (2)", "length (2)", "size 3");
        Throws<ArgumentOutOfRangeException>(() => x.Narrow(1, 0, -1), "length (-1)");
    }

    [Fact]
    public void RepeatedDimensionsInAReduction()
    {
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Sum([1, -1]), "dim 1 appears multiple times");
    }

    [Fact]
    public void MixingDtypesWhereNotAllowed()
    {
        Throws<InvalidOperationException>(() => Tensor.Zeros(2, 2).MatMul(Tensor.Zeros([2, 2], DType.Float64)), "torch.float32", "torch.float64");
        var ints = Tensor.Zeros([3], DType.Int64);
        Throws<InvalidOperationException>(() => ints.Add_(Tensor.Ones(3)), "torch.float32", "torch.int64", "can't be cast");
        Throws<InvalidOperationException>(() => ints.Div_(2.0), "can't be cast", "torch.int64");
        Assert.Equal([0L, 0L, 0L], ints.ToArray<long>());
        Throws<NotSupportedException>(() => _ = Tensor.From([true]) + Tensor.From([false]), "bool");
    }

    [Fact]
    public void CudaDeviceOnAMachineWithoutOne()
    {
        Assert.False(Device.IsCudaAvailable);
        Throws<InvalidOperationException>(() => Tensor.Zeros([2], device: Device.Cuda()), "no CUDA GPU", "cuda:0");
        Throws<InvalidOperationException>(() => Tensor.Ones(2).To(Device.Cuda(1)), "no CUDA GPU", "cuda:1");
        Throws<InvalidOperationException>(() => Tensor.From([1f], device: Device.Cuda()), "no CUDA GPU");
        Throws<ArgumentOutOfRangeException>(() => Device.Cuda(-1), "-1");
        Throws<ArgumentException>(() => Device.Parse("tpu"), "'tpu'");
    }

    [Fact]
    public void ExpandToAnIncompatibleShape()
    {
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Expand(2, 4), "[2, 4]", "[2, 3]", "(4)", "(3)");
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Expand(3), "[3]", "[2, 3]");
    }

    [Fact]
    public void InPlaceOutputShapeMustNotBroadcast()
    {
        Throws<ArgumentException>(() => Tensor.Zeros(3).Add_(Tensor.Ones(2, 3)), "[3]", "[2, 3]");
        Throws<ArgumentException>(() => Tensor.Zeros(3).Copy_(Tensor.Ones(2, 3)), "[3]", "[2, 3]");
        Throws<ArgumentException>(() => Tensor.Zeros(3).Copy_(Tensor.Ones(4)), "[3]", "[4]");
    }

    [Fact]
    public void InPlaceOnAnExpandedViewThrows()
    {
        var e = Tensor.Zeros(1, 3).Expand(4, 3);
        Throws<InvalidOperationException>(() => e.Add_(1.0), "more than one element of the written-to tensor refers to a single memory location", "[4, 3]");
    }

    [Fact]
    public void CreationWithBadShapesOrData()
    {
        Throws<ArgumentException>(() => Tensor.Zeros(2, -1), "-1", "[2, -1]");
        Throws<ArgumentException>(() => Tensor.From<float>(new float[5], [2, 3]), "[2, 3]", "6", "5");
        Throws<ArgumentException>(() => Tensor.Wrap(new float[5], 2, 3), "[2, 3]", "6", "5");
        Throws<ArgumentException>(() => Tensor.Arange(0, 5, 0), "step");
        Throws<ArgumentException>(() => Tensor.Arange(5, 0, 1), "start=5", "end=0");
    }

    [Fact]
    public void OtherMisuse()
    {
        Throws<InvalidOperationException>(() => _ = Tensor.Zeros(2, 3, 4).T, "[2, 3, 4]", "Transpose");
        Throws<InvalidOperationException>(() => Tensor.Zeros(0).Max(), "numel() == 0", "[0]");
        Throws<InvalidOperationException>(() => Tensor.Zeros(0, 3).Max(0), "size 0", "[0, 3]");
        Throws<InvalidOperationException>(() => Tensor.Arange(4).Mean(), "torch.int64");
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Flatten(1, 0), "startDim (1)", "endDim (0)");
        Throws<ArgumentException>(() => Tensor.Zeros(2).Gelu("fast"), "'fast'");
        Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2).Dropout(1.5), "1.5");
        Throws<InvalidOperationException>(() => Tensor.Zeros(2).AsSpan<double>(), "torch.float64", "torch.float32");
        Throws<InvalidOperationException>(() => Tensor.Zeros(2, 3).T.AsSpan<float>(), "[3, 2]", "not contiguous");
    }
}
