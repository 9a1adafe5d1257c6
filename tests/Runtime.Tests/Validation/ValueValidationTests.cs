using GraphGen.Nn;
using GraphGen.Serialization;

namespace GraphGen.Tests.Validation;

/// <summary>
/// Values and dtypes that cannot be represented are refused with PyTorch's words: Arange ranges, fill values
/// that overflow their dtype, NaN read as an integer, and dtypes outside the closed set.
/// </summary>
public class ValueValidationTests
{
    [Fact]
    public void ArangeWithTwoIntegersMeansStartAndEnd()
    {
        // Arange(5, 0) used to bind 0 to the dtype parameter (DType.Float32) and return [0..4].
        Expect.Throws<ArgumentException>(() => Tensor.Arange(5, 0), "upper bound and lower bound inconsistent with step sign", "start=5", "end=0");
        Assert.Equal([2L, 3L, 4L], Tensor.Arange(2, 5).ToArray<long>());
        Assert.Equal(DType.Int64, Tensor.Arange(2, 5).DType);
        Assert.Equal(DType.Float32, Tensor.Arange(0, 4, dtype: DType.Float32).DType);
        Assert.Equal([0.0, 0.5, 1.0], Tensor.Arange(0, 1.5, 0.5, DType.Float64).ToArray<double>());
    }

    [Fact]
    public void ArangeWithAFloatingBoundIsFloatLikePyTorch()
    {
        Assert.Equal(DType.Float32, Tensor.Arange(2.5).DType);
        Assert.Equal([0f, 1f, 2f], Tensor.Arange(2.5).ToArray<float>());
        Assert.Equal([1f, 1.5f, 2f, 2.5f], Tensor.Arange(1, 3, 0.5).ToArray<float>());
    }

    [Fact]
    public void ArangeRefusesNonFiniteAndHugeRanges()
    {
        Expect.Throws<ArgumentException>(() => Tensor.Arange(0, double.NaN), "unsupported range", "NaN");
        Expect.Throws<ArgumentException>(() => Tensor.Arange(0, double.PositiveInfinity), "unsupported range");
        Expect.Throws<ArgumentException>(() => Tensor.Arange(0, 1, double.NaN), "step");
        Expect.Throws<ArgumentException>(() => Tensor.Arange(0, 1e12), "1000000000000 elements", "2147483647");
    }

    [Fact]
    public void ItemOfNaNAsAnIntegerIsRefused()
    {
        Expect.Throws<InvalidOperationException>(() => Tensor.Scalar(double.NaN, DType.Float64).Item<long>(), "cannot convert float NaN to integer");
        Expect.Throws<InvalidOperationException>(() => Tensor.Scalar(float.NaN).Item<int>(), "NaN");
        Expect.Throws<InvalidOperationException>(() => Tensor.Scalar(1e20, DType.Float64).Item<long>(), "int64_t without overflow");
        Expect.Throws<InvalidOperationException>(() => Tensor.Scalar(3_000_000_000L).Item<int>(), "int32_t without overflow", "3000000000");
        Assert.Equal(-7L, Tensor.Scalar(-7.9, DType.Float64).Item<long>()); // truncation toward zero, as int(tensor)
        Assert.True(double.IsNaN(Tensor.Scalar(float.NaN).Item<double>()));
    }

    [Fact]
    public void FullRefusesValuesThatOverflowTheDtype()
    {
        Expect.Throws<ArgumentException>(() => Tensor.Full([2], 1e40), "value cannot be converted to type float without overflow", "1E+40");
        Expect.Throws<ArgumentException>(() => Tensor.Full([2], 1e10, DType.Int32), "value cannot be converted to type int32_t without overflow");
        Expect.Throws<ArgumentException>(() => Tensor.Full([2], double.NaN, DType.Int64), "int64_t");
        Expect.Throws<ArgumentException>(() => Tensor.Zeros([2], DType.Int32).Fill_(1e10), "Fill_", "int32_t");
        Expect.Throws<ArgumentException>(() => _ = Tensor.Zeros([2], DType.Int32) + (1L << 40), "int32_t");
        Assert.Equal([float.PositiveInfinity], Tensor.Full([1], double.PositiveInfinity).ToArray<float>()); // inf is a float value, not an overflow
        Assert.Equal([int.MaxValue], Tensor.Full([1], int.MaxValue, DType.Int32).ToArray<int>());
    }

    [Fact]
    public void UndefinedDtypesAreRefusedEverywhere()
    {
        var undefined = (DType)42;
        Expect.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros([2], undefined), "undefined dtype 42", "torch.float32");
        Expect.Throws<ArgumentOutOfRangeException>(() => Tensor.Ones([2], undefined), "undefined dtype 42");
        Expect.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2).To(undefined), "undefined dtype 42");
        Expect.Throws<ArgumentOutOfRangeException>(() => Tensor.From([1f], undefined), "undefined dtype 42");
        Expect.Throws<ArgumentOutOfRangeException>(() => Tensor.Arange(0, 3, 1, undefined), "undefined dtype 42");
        Expect.Throws<ArgumentOutOfRangeException>(() => undefined.SafetensorsName(), "undefined dtype 42");
        Expect.Throws<ArgumentOutOfRangeException>(() => Tensor.Rand([2], null, undefined), "undefined dtype 42");
        Expect.Throws<ArgumentException>(() => new Linear(2, 2).To(undefined));
    }

    [Fact]
    public void RandomFactoriesNeedAFloatingDtype()
    {
        Expect.Throws<ArgumentException>(() => Tensor.Rand([2], null, DType.Int64), "torch.int64");
        Expect.Throws<ArgumentException>(() => Tensor.Uniform([2], 1, 0), "low=1", "high=0");
    }

    [Fact]
    public void BceRefusesTargetsOutsideZeroOne()
    {
        Expect.Throws<ArgumentException>(() => F.BinaryCrossEntropy(Tensor.From([0.5f]), Tensor.From([2f])), "target", "between 0 and 1", "2");
        Expect.Throws<ArgumentException>(() => F.BinaryCrossEntropy(Tensor.From([0.5f]), Tensor.From([float.NaN])), "target", "NaN");
        Assert.Equal(MathF.Log(2), F.BinaryCrossEntropy(Tensor.From([0.5f]), Tensor.From([1f])).Item<float>(), 5);
    }

    [Fact]
    public void L1LossOfNaNIsNaNWithPyTorchsZeroSignGradient()
    {
        // Found by NnApiFuzzTests: Math.Sign(NaN) threw ArithmeticException from inside the loss.
        var x = Tensor.From([double.NaN, 3.0]).RequiresGrad_();
        var loss = F.L1Loss(x, Tensor.From([1.0, 1.0]), Reduction.Sum);
        Assert.True(double.IsNaN(loss.Item<double>()));
        loss.Backward();
        Assert.Equal([0.0, 1.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void NllLossWithAFloatTargetSaysWhatItExpects()
    {
        var e = Expect.Throws<ArgumentException>(() => F.NllLoss(Tensor.Zeros(2, 3), Tensor.Zeros(2, 3)), "int64", "torch.float32", "does not take class probabilities");
        Assert.DoesNotContain("but has shape [2, 3]", e.Message); // the old message contradicted itself
    }

    [Fact]
    public void DataLoaderWithAHugeBatchSizeYieldsOneBatch()
    {
        var data = new GraphGen.Data.TensorDataset(Tensor.Zeros(5, 2), Tensor.Zeros(5));
        var loader = new GraphGen.Data.DataLoader(data, batchSize: int.MaxValue);
        Assert.Equal(1, loader.Count);
        var batch = Assert.Single(loader);
        Assert.Equal([5, 2], batch[0].Shape.ToArray());
    }

    [Fact]
    public void SavingRefusesAnUndefinedDtypeBeforeTouchingTheFile()
    {
        // A tensor cannot hold an undefined dtype any more, so the name lookup the writer uses is what must refuse.
        Expect.Throws<ArgumentOutOfRangeException>(() => ((DType)7).SafetensorsName(), "undefined dtype 7");
        var path = Path.Combine(Path.GetTempPath(), $"graphgen-dtype-{Guid.NewGuid():N}.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(2) });
        try { Assert.Equal(DType.Float32, Safetensors.Load(path)["w"].DType); }
        finally { File.Delete(path); }
    }
}
