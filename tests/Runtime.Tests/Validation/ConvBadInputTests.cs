using GraphGen.Nn;

namespace GraphGen.Tests.Validation;

/// <summary>Bad input to the CNN layers and ops: an exception that names the values and what was expected, never a kernel crash.</summary>
public class ConvBadInputTests
{
    [Fact]
    public void ChannelMismatchNamesBothCounts()
    {
        Expect.Throws<ArgumentException>(() => new Conv2d(1, 6, 5).Call(Tensor.Zeros(2, 3, 28, 28)),
            "groups=1", "[6, 1, 5, 5]", "[2, 3, 28, 28]", "to have 1 channels, but got 3 channels");
        Expect.Throws<ArgumentException>(() => F.Conv1d(Tensor.Zeros(2, 4, 9), Tensor.Zeros(5, 3, 3)), "to have 3 channels, but got 4");
    }

    [Fact]
    public void GroupsThatDoNotDivideAreRejected()
    {
        Expect.Throws<ArgumentException>(() => new Conv2d(4, 6, 3, groups: 4), "out_channels must be divisible by groups", "out_channels=6", "groups=4");
        Expect.Throws<ArgumentException>(() => new Conv2d(3, 6, 3, groups: 2), "in_channels must be divisible by groups", "in_channels=3");
        Expect.Throws<ArgumentException>(() => F.Conv2d(Tensor.Zeros(1, 4, 5, 5), Tensor.Zeros(6, 1, 3, 3), groups: 4), "groups=4", "divisible by 4", "[6, 1, 3, 3]");
        Expect.Throws<ArgumentOutOfRangeException>(() => F.Conv2d(Tensor.Zeros(1, 4, 5, 5), Tensor.Zeros(6, 4, 3, 3), groups: 0), "non-positive groups");
    }

    [Fact]
    public void KernelLargerThanThePaddedInput()
    {
        Expect.Throws<ArgumentException>(() => F.Conv2d(Tensor.Zeros(1, 1, 3, 3), Tensor.Zeros(1, 1, 5, 5)),
            "padded input size per channel: (3 x 3)", "Kernel size: (5 x 5)", "can't be greater");
        Expect.Throws<ArgumentException>(() => F.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 1, 3, 3), dilation: 3),
            "Kernel size: (7 x 7)");
    }

    [Fact]
    public void PoolWithAnEmptyOutput()
    {
        Expect.Throws<ArgumentException>(() => new MaxPool2d(2).Call(Tensor.Zeros(1, 1, 1, 5)), "[1, 1, 1, 5]", "(0 x 2)", "Output size is too small");
        Expect.Throws<ArgumentException>(() => F.AvgPool2d(Tensor.Zeros(1, 1, 2, 2), 3), "[1, 1, 2, 2]", "(0 x 0)");
        Expect.Throws<ArgumentOutOfRangeException>(() => new MaxPool2d(2, padding: 2), "at most half of the kernel size", "padding=2");
        Expect.Throws<ArgumentException>(() => F.AdaptiveAvgPool2d(Tensor.Zeros(1, 2, 0, 3), 1), "non-zero sizes", "[1, 2, 0, 3]");
    }

    [Fact]
    public void PaddingArgumentsAreChecked()
    {
        Expect.Throws<ArgumentException>(() => new Conv2d(1, 1, 3, stride: 2, padding: "same"), "padding='same' is not supported for strided convolutions");
        Expect.Throws<ArgumentException>(() => F.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 1, 3, 3), padding: "full"), "Invalid padding string 'full'", "'valid', 'same'");
        Expect.Throws<ArgumentOutOfRangeException>(() => F.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 1, 3, 3), padding: -1), "negative padding", "(-1, -1)");
        Expect.Throws<ArgumentException>(() => new Conv1d(1, 1, 3, padding: (1, 2)), "padding must be one int", "(1, 2)");
    }

    [Fact]
    public void WrongRanksAndShapesAreNamed()
    {
        Expect.Throws<ArgumentException>(() => new Conv2d(1, 1, 3).Call(Tensor.Zeros(28, 28)), "3-D", "4-D", "[28, 28]");
        Expect.Throws<ArgumentException>(() => F.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 1, 3)), "4-D weight", "[1, 1, 3]");
        Expect.Throws<ArgumentException>(() => F.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(2, 1, 3, 3), Tensor.Zeros(3)), "bias of shape [2]", "[3]");
        Expect.Throws<ArgumentException>(() => new MaxPool2d(2).Call(Tensor.Zeros(4, 4)), "[4, 4]");
    }

    [Fact]
    public void NormalisationShapeMismatches()
    {
        Expect.Throws<ArgumentException>(() => new BatchNorm2d(3).Call(Tensor.Zeros(2, 4, 5, 5)), "3 channels", "[2, 4, 5, 5]");
        Expect.Throws<ArgumentException>(() => new BatchNorm2d(3).Call(Tensor.Zeros(2, 3, 5)), "expected 4D input", "got 3D input");
        Expect.Throws<ArgumentException>(() => new BatchNorm1d(3).Call(Tensor.Zeros(1, 3)), "more than 1 value per channel when training", "[1, 3]");
        Expect.Throws<ArgumentException>(() => new LayerNorm(5).Call(Tensor.Zeros(2, 4)), "normalized_shape=[5]", "[*, 5]", "[2, 4]");
        Expect.Throws<ArgumentException>(() => F.BatchNorm(Tensor.Zeros(2, 3), null, null), "running_mean and running_var are needed when not training");
    }

    [Fact]
    public void EmbeddingNeedsIntegerIndicesInRange()
    {
        var e = new Embedding(10, 3);
        Expect.Throws<ArgumentException>(() => e.Call(Tensor.Zeros(2, 3)), "integer indices", "float32");
        Expect.Throws<ArgumentOutOfRangeException>(() => e.Call(Tensor.From(new long[] { 1, 12 })), "index 12 is out of range", "10 embeddings", "0 <= index < 10");
        Expect.Throws<ArgumentOutOfRangeException>(() => new Embedding(10, 3, paddingIdx: 10), "padding_idx", "-10 <= padding_idx < 10");
    }

    [Fact]
    public void CatChecksShapesAndRanks()
    {
        Expect.Throws<ArgumentException>(() => Tensor.Cat([Tensor.Zeros(2, 3), Tensor.Zeros(3, 3)], dim: 1),
            "except in dimension 1", "size 2 but got size 3 in dimension 0");
        Expect.Throws<ArgumentException>(() => Tensor.Cat([Tensor.Zeros(2, 3), Tensor.Zeros(2, 3, 1)]), "same number of dimensions");
        Expect.Throws<ArgumentException>(() => Tensor.Cat([]), "non-empty");
        Expect.Throws<ArgumentOutOfRangeException>(() => Tensor.Cat([Tensor.Zeros(2, 3)], dim: 2), "Dimension out of range");
    }

    [Fact]
    public void MixedDtypesAreNamed()
        => Expect.Throws<ArgumentException>(() => F.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros([1, 1, 3, 3], DType.Float64)), "weight", "float32", "float64");
}
