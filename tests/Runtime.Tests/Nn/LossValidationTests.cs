using GraphGen.Nn;

namespace GraphGen.Tests.Nn;

/// <summary>Bad targets and inputs get messages naming the offending value or shapes.</summary>
public class LossValidationTests
{
    private static readonly Tensor Logits = Tensor.Randn([4, 3], new RandomGenerator(1));

    [Fact]
    public void ClassIndexOutOfRange()
    {
        var ex = Assert.Throws<ArgumentException>(() => F.CrossEntropy(Logits, Tensor.From([0L, 7L, 1L, 2L])));
        Assert.Contains("Target 7 is out of bounds for 3 classes", ex.Message);
        Assert.Contains("Target -1 is out of bounds for 3 classes",
            Assert.Throws<ArgumentException>(() => F.NllLoss(Logits, Tensor.From([0L, -1L, 1L, 2L]))).Message);
        Assert.Contains("Target 3 is out of bounds for 3 classes",
            Assert.Throws<ArgumentException>(() => new CrossEntropyLoss().Call(Logits, Tensor.From([3L, 0L, 0L, 0L]))).Message);
        // -100 is ignored by default but is out of bounds with another ignore_index
        F.CrossEntropy(Logits, Tensor.From([0L, -100L, 1L, 2L]));
        Assert.Contains("Target -100 is out of bounds",
            Assert.Throws<ArgumentException>(() => F.CrossEntropy(Logits, Tensor.From([0L, -100L, 1L, 2L]), ignoreIndex: 0)).Message);
    }

    [Fact]
    public void TargetShapeNotFittingInputNamesBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => F.CrossEntropy(Logits, Tensor.From(new long[,] { { 0 }, { 1 }, { 2 }, { 0 } })));
        Assert.Contains("[4, 1]", ex.Message);
        Assert.Contains("[4, 3]", ex.Message);
        Assert.Contains("expected a target of shape [4]", ex.Message);
        var mse = Assert.Throws<ArgumentException>(() => F.MseLoss(Tensor.Zeros(5, 1), Tensor.Zeros(5)));
        Assert.Contains("target shape [5] does not match input shape [5, 1]", mse.Message);
        Assert.Contains("[3]", Assert.Throws<ArgumentException>(() => F.BinaryCrossEntropyWithLogits(Tensor.Zeros(2, 3), Tensor.Zeros(3))).Message);
        Assert.Contains("[2, 2]", Assert.Throws<ArgumentException>(() => F.L1Loss(Tensor.Zeros(2, 3), Tensor.Zeros(2, 2))).Message);
        // soft-target CE needs the input's shape
        var soft = Assert.Throws<ArgumentException>(() => F.CrossEntropy(Logits, Tensor.Zeros(4, 2)));
        Assert.Contains("[4, 3]", soft.Message);
        Assert.Contains("[4, 2]", soft.Message);
    }

    [Fact]
    public void WrongTargetDtype()
    {
        Assert.Contains("int32", Assert.Throws<ArgumentException>(() => F.CrossEntropy(Logits, Tensor.From([0, 1, 2, 0]))).Message);
        Assert.Contains("int64", Assert.Throws<ArgumentException>(() => F.NllLoss(Logits, Tensor.From([0f, 1f, 2f, 0f]))).Message);
        var mse = Assert.Throws<ArgumentException>(() => F.MseLoss(Tensor.Zeros(3), Tensor.From([1L, 2L, 3L])));
        Assert.Contains("floating point target", mse.Message);
        Assert.Contains("int64", mse.Message);
        Assert.Contains("floating point input", Assert.Throws<ArgumentException>(() => F.CrossEntropy(Tensor.Zeros([2, 3], DType.Int64), Tensor.From([0L, 1L]))).Message);
    }

    [Fact]
    public void BceInputOutsideZeroOne()
    {
        var ex = Assert.Throws<ArgumentException>(() => F.BinaryCrossEntropy(Tensor.From([0.5f, 1.5f]), Tensor.From([1f, 0f])));
        Assert.Contains("all elements of input should be between 0 and 1", ex.Message);
        Assert.Contains("element 1 is 1.5", ex.Message);
        Assert.Throws<ArgumentException>(() => new BCELoss().Call(Tensor.From([float.NaN]), Tensor.From([1f])));
    }

    [Fact]
    public void WeightOfWrongSize()
    {
        var ex = Assert.Throws<ArgumentException>(() => F.CrossEntropy(Logits, Tensor.From([0L, 1L, 2L, 0L]), weight: Tensor.Ones(4)));
        Assert.Contains("weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [4]", ex.Message);
        Assert.Contains("cannot be broadcast", Assert.Throws<ArgumentException>(() => F.BinaryCrossEntropyWithLogits(Tensor.Zeros(2, 3), Tensor.Zeros(2, 3), posWeight: Tensor.Ones(2))).Message);
    }

    [Fact]
    public void LabelSmoothingOutOfRange() =>
        Assert.Contains("label_smoothing must be between 0.0 and 1.0",
            Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss(labelSmoothing: 1.5)).Message);
}
