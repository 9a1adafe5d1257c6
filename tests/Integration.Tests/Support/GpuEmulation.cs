using System.Runtime.CompilerServices;
using GraphGen.Gpu;

namespace GraphGen.Integration.Support;

/// <summary>
/// Backs "cuda:0" with ILGPU's CPU accelerator for this test run, so the generated GPU code runs in CI without a
/// GPU — unless GRAPHGEN_GPU_REAL=1 and a CUDA GPU is present, then the same tests run on the real device.
/// </summary>
internal static class GpuEmulation
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        bool real = Environment.GetEnvironmentVariable("GRAPHGEN_GPU_REAL") == "1" && GpuRuntime.CudaDeviceCountIgnoringEmulation > 0;
        if (!real) GpuRuntime.UseCpuAcceleratorForTesting();
    }

    public static Device Cuda => Device.Cuda(0);
}
