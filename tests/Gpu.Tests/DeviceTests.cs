namespace GraphGen.Gpu.Tests;

/// <summary>What Device.Cuda does where ILGPU finds no CUDA GPU, and the explicit "best available" choice.</summary>
public class DeviceTests
{
    /// <summary>Reports the CUDA devices ILGPU really finds, ignoring the test run's emulation.</summary>
    private sealed class RealCudaBackend : GpuBackend
    {
        public override int DeviceCount => GpuRuntime.CudaDeviceCountIgnoringEmulation;
    }

    private static T WithRealBackend<T>(Func<T> body)
    {
        var saved = GpuBackend.Current;
        GpuBackend.Current = new RealCudaBackend();
        try { return body(); }
        finally { GpuBackend.Current = saved; }
    }

    [Fact]
    public void CudaWithoutAGpuThrowsAClearErrorAndNothingFallsBack()
    {
        int real = GpuRuntime.CudaDeviceCountIgnoringEmulation;
        var missing = Device.Cuda(real); // one past the last real device: on a machine without CUDA, cuda:0
        var e = WithRealBackend(() => Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([2], device: missing)));
        Assert.Contains($"Device {missing} was requested", e.Message);
        Assert.Contains(real == 0 ? "no CUDA GPU is available on this machine (found 0 CUDA devices)" : $"only {real} CUDA device(s) exist", e.Message);
        var copy = WithRealBackend(() => Assert.Throws<InvalidOperationException>(() => Tensor.Ones(2).To(missing)));
        Assert.Contains("was requested", copy.Message);
        if (real == 0) Assert.Equal(Device.Cpu, WithRealBackend(Device.BestAvailable));
    }

    [Fact]
    public void EmulationIsExplicitAndNamesCudaZero()
    {
        if (!GpuRuntime.IsEmulated) return; // running against a real GPU
        Assert.Equal(1, Device.CudaDeviceCount);
        Assert.Equal(Device.Cuda(0), Device.BestAvailable());
        var e = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([1], device: Device.Cuda(1)));
        Assert.Contains("only 1 CUDA device(s) exist", e.Message);
    }
}
