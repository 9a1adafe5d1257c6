namespace GraphGen.Gpu.Tests;

/// <summary>
/// Runs an op on CPU tensors and on copies on the (emulated) CUDA device and asserts the same output, the same autograd
/// node, and the same gradient for every floating input the op uses (from one random upstream gradient).
/// </summary>
internal static class CpuGpuEquivalence
{
    public static void Check(string what, Func<Tensor[], Tensor> op, params Tensor[] inputs) => Check(what, op, 1e-5, 1e-4, inputs);

    public static void Check(string what, Func<Tensor[], Tensor> op, double atol, double rtol, params Tensor[] inputs)
    {
        var cpu = inputs.Select(t => t.DType.IsFloating() ? t.Detach().RequiresGrad_() : t).ToArray();
        var gpu = inputs.Select(t => t.DType.IsFloating() ? t.To(GpuTestSetup.Cuda).RequiresGrad_() : t.To(GpuTestSetup.Cuda)).ToArray();
        var y = op(cpu);
        var gy = op(gpu);
        Assert.Equal(GpuTestSetup.Cuda, gy.Device);
        Assert.Equal(y.DType, gy.DType);
        Assert.Equal(y.GradFn?.Name, gy.GradFn?.Name);
        Close.Assert(y, gy, atol, rtol, $"{what}: output");

        var upstream = Tensor.Randn(y.ShapeArray, new RandomGenerator(99), y.DType);
        (y * upstream).Sum().Backward();
        (gy * upstream.To(GpuTestSetup.Cuda)).Sum().Backward();
        for (int i = 0; i < inputs.Length; i++)
        {
            if (!inputs[i].DType.IsFloating()) continue;
            if (cpu[i].Grad is null)
            {
                Assert.Null(gpu[i].Grad); // an input the op did not use (a batch norm without affine parameters)
                continue;
            }
            Assert.NotNull(gpu[i].Grad);
            Assert.Equal(GpuTestSetup.Cuda, gpu[i].Grad!.Device);
            Close.Assert(cpu[i].Grad!, gpu[i].Grad!, atol, rtol, $"{what}: gradient of input {i}");
        }
    }
}
