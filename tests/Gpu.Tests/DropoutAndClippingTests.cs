using GraphGen.Nn;

namespace GraphGen.Gpu.Tests;

/// <summary>Dropout's device-side masks and gradient clipping on the (emulated) device.</summary>
public class DropoutAndClippingTests
{
    private static readonly Device Cuda = GpuTestSetup.Cuda;

    [Fact]
    public void DropoutDrawsItsMaskOnTheDeviceAndTheGradientIsTheMask()
    {
        const double p = 0.3;
        var x = Tensor.Ones([40, 50], device: Cuda).RequiresGrad_();
        var y = F.Dropout(x, p, generator: new RandomGenerator(5));
        Assert.Equal(Cuda, y.Device);
        Assert.Equal("NativeDropoutBackward0", y.GradFn!.Name);
        var values = y.ToArray<float>();
        float scale = (float)(1 / (1 - p));
        Assert.All(values, v => Assert.True(v == 0f || Math.Abs(v - scale) < 1e-6f, $"{v} is neither 0 nor {scale}"));
        double kept = values.Count(v => v != 0) / (double)values.Length;
        Assert.InRange(kept, 0.66, 0.74); // 2000 draws: 0.7 ± 4.5 standard deviations
        y.Sum().Backward();
        Assert.Equal(values, x.Grad!.ToArray<float>()); // d(Σ x·mask)/dx = mask
    }

    [Fact]
    public void Float64DropoutScalesInDouble()
    {
        var x = Tensor.Ones([256], DType.Float64, Cuda);
        var y = F.Dropout(x, 0.3, generator: new RandomGenerator(6)).ToArray<double>();
        Assert.All(y, v => Assert.True(v == 0 || v == 1 / 0.7, $"{v:R} is neither 0 nor 1/0.7 in double"));
        // The same draws as a float32 tensor with the same seed: the mask does not depend on the dtype.
        var f = F.Dropout(Tensor.Ones([256], device: Cuda), 0.3, generator: new RandomGenerator(6)).ToArray<float>();
        Assert.Equal(f.Select(v => v != 0), y.Select(v => v != 0));
    }

    [Fact]
    public void DropoutMasksFollowTheGenerator()
    {
        var x = Tensor.Ones([64], device: Cuda);
        var a = F.Dropout(x, 0.5, generator: new RandomGenerator(7)).ToArray<float>();
        var b = F.Dropout(x, 0.5, generator: new RandomGenerator(7)).ToArray<float>();
        var g = new RandomGenerator(7);
        var first = x.Dropout(0.5, generator: g).ToArray<float>();
        var second = x.Dropout(0.5, generator: g).ToArray<float>();
        Assert.Equal(a, b);
        Assert.Equal(a, first); // Tensor.Dropout and F.Dropout draw alike
        Assert.NotEqual(first, second); // the generator moved on
        Assert.Equal(new float[64], F.Dropout(x, 1.0).ToArray<float>());
        Assert.Same(x, F.Dropout(x, 0.0));
        Assert.Same(x, F.Dropout(x, 0.5, training: false));
    }

    [Fact]
    public void ADropoutLayerTrainsOnTheDeviceAndIsTheIdentityInEval()
    {
        var net = new Sequential(new Linear(3, 4, generator: new RandomGenerator(2)), new Dropout(0.5, new RandomGenerator(3)));
        net.To(Cuda);
        var x = Tensor.Randn([5, 3], new RandomGenerator(4)).To(Cuda);
        var trained = net.Call(x);
        trained.Sum().Backward();
        Assert.All(net.Parameters(), q => Assert.Equal(Cuda, q.Grad!.Device));
        net.Eval();
        using var _ = Autograd.NoGrad();
        var cpuNet = new Sequential(new Linear(3, 4, generator: new RandomGenerator(2)), new Dropout(0.5));
        cpuNet.Eval();
        Close.Assert(cpuNet.Call(x.To(Device.Cpu)), net.Call(x), what: "eval");
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(1.5)]
    [InlineData(double.PositiveInfinity)]
    public void ClipGradNormScalesDeviceGradientsLikeTheCpu(double normType)
    {
        var gen = new RandomGenerator(8);
        Tensor[] grads = [Tensor.Randn([3, 4], gen) * 2.0, Tensor.Randn([5], gen)];
        Tensor[] cpu = grads.Select(g => Tensor.Zeros(g.ShapeArray).RequiresGrad_()).ToArray();
        Tensor[] gpu = grads.Select(g => Tensor.Zeros(g.ShapeArray, device: Cuda).RequiresGrad_()).ToArray();
        for (int i = 0; i < grads.Length; i++)
        {
            cpu[i].Grad = grads[i].Clone();
            gpu[i].Grad = grads[i].To(Cuda);
        }
        var total = GradClipping.ClipGradNorm_(cpu, maxNorm: 1.0, normType);
        var gpuTotal = GradClipping.ClipGradNorm_(gpu, maxNorm: 1.0, normType);
        Assert.Equal(Cuda, gpuTotal.Device);
        Close.Assert(total, gpuTotal, what: "total norm");
        for (int i = 0; i < grads.Length; i++) Close.Assert(cpu[i].Grad!, gpu[i].Grad!, what: $"clipped grad {i}");
        // Below the limit nothing changes (the coefficient is clamped at 1).
        var before = gpu[0].Grad!.ToArray<float>();
        GradClipping.ClipGradNorm_(gpu, maxNorm: 1e6, normType);
        Close.Assert(before.Select(v => (double)v).ToArray(), gpu[0].Grad!.ToArray<double>(), atol: 1e-7, rtol: 1e-6, what: "unclipped");
    }

    [Fact]
    public void ClipGradNormRejectsNonFiniteNormsAndMixedDevices()
    {
        var p = Tensor.Zeros([2], device: Cuda).RequiresGrad_();
        p.Grad = Tensor.From([float.NaN, 1f]).To(Cuda);
        var e = Assert.Throws<InvalidOperationException>(() => GradClipping.ClipGradNorm_([p], 1.0, errorIfNonfinite: true));
        Assert.Contains("non-finite", e.Message);
        var q = Tensor.Zeros([2]).RequiresGrad_();
        q.Grad = Tensor.Ones(2);
        p.Grad = Tensor.Ones([2], device: Cuda);
        var mixed = Assert.Throws<InvalidOperationException>(() => GradClipping.ClipGradNorm_([p, q], 1.0));
        Assert.Contains("cuda:0 and cpu", mixed.Message);
    }
}
