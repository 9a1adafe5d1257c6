using GraphGen.Nn;

namespace GraphGen.Gpu.Tests;

/// <summary>
/// The CNN layers have CPU kernels only so far: on a GPU tensor each throws a NotSupportedException that names the op
/// and the device (never a silent copy to the host). Cat needs no kernel of its own and works on the device.
/// </summary>
public class CnnOpsOnGpuTests
{
    private static readonly Device Cuda = GpuTestSetup.Cuda;

    public static TheoryData<string, Func<Tensor, Tensor>> Ops() => new()
    {
        { "Conv2d", x => F.Conv2d(x, Tensor.Zeros([2, 3, 3, 3], device: Cuda)) },
        { "Conv1d", x => F.Conv1d(x.Flatten(2), Tensor.Zeros([2, 3, 3], device: Cuda)) },
        { "MaxPool2d", x => F.MaxPool2d(x, 2) },
        { "AvgPool2d", x => F.AvgPool2d(x, 2) },
        { "AdaptiveAvgPool2d", x => F.AdaptiveAvgPool2d(x, 1) },
        { "BatchNorm", x => F.BatchNorm(x, null, null, training: true) },
        { "LayerNorm", x => F.LayerNorm(x, [6]) },
        { "Embedding", _ => F.Embedding(Tensor.From([1L]), Tensor.Zeros([4, 2], device: Cuda)) },
    };

    [Theory]
    [MemberData(nameof(Ops))]
    public void ThrowNotSupportedNamingTheOp(string op, Func<Tensor, Tensor> run)
    {
        var x = Tensor.Zeros([2, 3, 6, 6], device: Cuda);
        var e = Assert.Throws<NotSupportedException>(() => run(x));
        Assert.Contains(op, e.Message);
        Assert.Contains("cuda:0", e.Message);
    }

    [Fact]
    public void CatRunsOnTheDevice()
    {
        var a = Tensor.From(new float[,] { { 1, 2 }, { 3, 4 } }).To(Cuda).RequiresGrad_();
        var b = Tensor.From(new float[,] { { 5 }, { 6 } }).To(Cuda).RequiresGrad_();
        var c = Tensor.Cat([a, b], dim: 1);
        Assert.Equal(Cuda, c.Device);
        Assert.Equal([1f, 2, 5, 3, 4, 6], c.ToArray<float>());
        (c * Tensor.From(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }).To(Cuda)).Sum().Backward();
        Assert.Equal([3f, 6], b.Grad!.ToArray<float>());
    }
}
