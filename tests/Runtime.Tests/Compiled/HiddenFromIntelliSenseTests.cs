using System.ComponentModel;
using System.Reflection;
using GraphGen.Compiled;
using GraphGen.Kernels.Gpu;

namespace GraphGen.Tests.Compiled;

/// <summary>
/// Public runtime types that exist for generated code are hidden from IntelliSense: the glue (GraphGen.Compiled,
/// GraphGen.Compiled.Gpu), the CPU kernels and SIMD types (GraphGen.Kernels.Cpu, GraphGen.Kernels.Cpu.Simd) and the GPU
/// kernels compiled code launches or its kernels call. What stays visible is what a user may reach for: the GEMM (with its
/// <see cref="Kernels.Cpu.Activation"/> epilogue), the CPU thread cap, and the SIMD width override for benchmarks.
/// </summary>
public class HiddenFromIntelliSenseTests
{
    private static readonly Assembly Runtime = typeof(CompiledCall).Assembly;

    [Fact]
    public void EveryPublicGlueAndCpuKernelTypeIsHiddenButTheUserKnobs()
    {
        var visible = Runtime.GetExportedTypes()
            .Where(t => t.Namespace is "GraphGen.Compiled" or "GraphGen.Compiled.Gpu" or "GraphGen.Kernels.Cpu" or "GraphGen.Kernels.Cpu.Simd" && !t.IsNested)
            .Where(t => !IsHidden(t))
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal);
        Assert.Equal(["Activation", "CpuThreads", "Gemm", "SimdDispatch", "SimdWidth"], visible);
    }

    [Fact]
    public void EveryGpuKernelClassCompiledCodeLaunchesIsHidden()
    {
        var kernelClasses = Runtime.GetExportedTypes()
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static).Any(m => m.GetCustomAttribute<GpuKernelAttribute>() is not null))
            .ToList();
        Assert.NotEmpty(kernelClasses);
        Assert.All(kernelClasses.Append(typeof(GpuMath)).Append(typeof(GpuKernelAttribute)).Append(typeof(BroadcastGeometry)),
            t => Assert.True(IsHidden(t), $"{t.FullName} is public for generated code but shows in IntelliSense."));
    }

    private static bool IsHidden(Type t) => t.GetCustomAttribute<EditorBrowsableAttribute>()?.State == EditorBrowsableState.Never;
}
