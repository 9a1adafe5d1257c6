using System.Runtime.CompilerServices;
using GraphGen.Gpu;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace GraphGen.Gpu.Tests;

/// <summary>
/// Backs "cuda:0" with ILGPU's CPU accelerator for the whole test run, unless GRAPHGEN_GPU_REAL=1 and a CUDA
/// GPU is present (then the same tests run against the real device). Tests run one at a time: the device
/// tests swap the process-wide GPU backend for a moment.
/// </summary>
internal static class GpuTestSetup
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        bool real = Environment.GetEnvironmentVariable("GRAPHGEN_GPU_REAL") == "1" && GpuRuntime.DeviceCount > 0;
        if (!real) GpuRuntime.UseCpuAcceleratorForTesting();
    }

    public static readonly Device Cuda = Device.Cuda(0);
}
