using GraphGen.Nn;

namespace GraphGen.Gpu.Tests;

/// <summary>Bad input to the device ops gets the CPU backend's messages (naming the value and what was expected), not a kernel fault.</summary>
public class DeviceErrorTests
{
    private static readonly Device Cuda = GpuTestSetup.Cuda;

    [Fact]
    public void BceRejectsProbabilitiesOutsideTheUnitIntervalNamingTheElement()
    {
        var input = Tensor.From([0.2f, 0.5f, 1.5f, 0.1f]).To(Cuda);
        var e = Assert.Throws<ArgumentException>(() => F.BinaryCrossEntropy(input, Tensor.Zeros([4], device: Cuda)));
        Assert.Contains("element 2 is 1.5", e.Message);
        var nan = Assert.Throws<ArgumentException>(() => F.BinaryCrossEntropy(Tensor.From([float.NaN]).To(Cuda), Tensor.Zeros([1], device: Cuda)));
        Assert.Contains("element 0 is NaN", nan.Message);
    }

    [Fact]
    public void ElementwiseLossesCheckShapesDtypesDevicesAndWeights()
    {
        var x = Tensor.Zeros([2, 3], device: Cuda);
        var shape = Assert.Throws<ArgumentException>(() => F.L1Loss(x, Tensor.Zeros([3], device: Cuda)));
        Assert.Contains("target shape [3] does not match input shape [2, 3]", shape.Message);
        var dtype = Assert.Throws<ArgumentException>(() => F.BinaryCrossEntropyWithLogits(x, Tensor.Zeros([2, 3], DType.Int64, Cuda)));
        Assert.Contains("expected a floating point target", dtype.Message);
        var device = Assert.Throws<InvalidOperationException>(() => F.L1Loss(x, Tensor.Zeros([2, 3])));
        Assert.Contains("found at least two devices, cuda:0 and cpu", device.Message);
        var weight = Assert.Throws<ArgumentException>(() => F.BinaryCrossEntropyWithLogits(x, x, posWeight: Tensor.Ones([2], device: Cuda)));
        Assert.Contains("pos_weight of shape [2] cannot be broadcast to the input's shape [2, 3]", weight.Message);
    }

    [Fact]
    public void ClassIndexLossesCheckTargetsAndWeights()
    {
        var x = Tensor.Zeros([2, 3, 2], device: Cuda);
        var range = Assert.Throws<ArgumentException>(() => F.NllLoss(x, Tensor.From(new long[,] { { 0, 1 }, { 5, 2 } }).To(Cuda)));
        Assert.Contains("Target 5 is out of bounds for 3 classes", range.Message);
        var ce = Assert.Throws<ArgumentException>(() => F.CrossEntropy(x, Tensor.From(new long[,] { { 0, -1 }, { 1, 2 } }).To(Cuda), labelSmoothing: 0.1));
        Assert.Contains("Target -1 is out of bounds", ce.Message);
        var dtype = Assert.Throws<ArgumentException>(() => F.NllLoss(x, Tensor.Zeros([2, 2], DType.Int32, Cuda)));
        Assert.Contains("dtype int64 but got torch.int32", dtype.Message);
        var shape = Assert.Throws<ArgumentException>(() => F.CrossEntropy(x, Tensor.Zeros([2, 3], DType.Int64, Cuda), labelSmoothing: 0.1));
        Assert.Contains("expected a target of shape [2, 2]", shape.Message);
        var weight = Assert.Throws<ArgumentException>(() => F.CrossEntropy(x, Tensor.Zeros([2, 2], DType.Int64, Cuda), Tensor.Ones([4], device: Cuda)));
        Assert.Contains("weight tensor should be defined either for all 3 classes", weight.Message);
        var device = Assert.Throws<InvalidOperationException>(() => F.NllLoss(x, Tensor.Zeros([2, 2], DType.Int64)));
        Assert.Contains("cuda:0 and cpu", device.Message);
    }

    [Fact]
    public void EveryTargetIgnoredGivesNaNAsInPyTorch()
    {
        var x = Tensor.Zeros([2, 3], device: Cuda);
        var ignored = Tensor.From([-100L, -100]).To(Cuda);
        Assert.True(float.IsNaN(F.NllLoss(x, ignored).Item<float>()));
        Assert.True(float.IsNaN(F.CrossEntropy(x, ignored, labelSmoothing: 0.2).Item<float>()));
        Assert.Equal(0f, F.CrossEntropy(x, ignored, reduction: Reduction.Sum, labelSmoothing: 0.2).Item<float>());
    }

    [Fact]
    public void RemainingGapsThrowNotSupportedNamingTheOpAndTheDevice()
    {
        var bools = Tensor.From([true, false]).To(Cuda);
        var neg = Assert.Throws<NotSupportedException>(() => -bools);
        Assert.Contains("Neg", neg.Message);
        var dataset = Assert.Throws<NotSupportedException>(() => new Data.TensorDataset(Tensor.Zeros([2, 3], device: Cuda)));
        Assert.Contains("TensorDataset is not implemented for tensors on cuda:0", dataset.Message);
        var divide = Tensor.From([3L]).To(Cuda) / Tensor.From([2L]).To(Cuda); // true division promotes to float32, as in PyTorch
        Assert.Equal(1.5f, divide.Item<float>());
    }
}
