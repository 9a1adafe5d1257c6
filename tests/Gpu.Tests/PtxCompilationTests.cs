using GraphGen.Kernels.Gpu;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.Cuda;

namespace GraphGen.Gpu.Tests;

/// <summary>Every runtime kernel compiles to PTX for Ampere (SM 8.0) and Hopper (SM 9.0) without a GPU or CUDA toolkit.</summary>
public class PtxCompilationTests
{
    public static TheoryData<string> Architectures => new() { "SM_80", "SM_90" };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void EveryKernelCompilesToPtx(string architecture)
    {
        var arch = architecture == "SM_80" ? CudaArchitecture.SM_80 : CudaArchitecture.SM_90;
        // PTX ISA 8.0 (CUDA 12.0) is the first to target both sm_80 and sm_90; no NVVM: kernels use PTX-native math only.
        using var backend = new PTXBackend(GpuRuntime.Context, new CudaCapabilityContext(arch), arch, CudaInstructionSet.ISA_80, null);
        var failures = new List<string>();
        var kernels = KernelCatalog.All();
        Assert.True(kernels.Count > 80, $"the catalog lists {kernels.Count} kernels");
        foreach (var entry in kernels)
        {
            try
            {
                var description = entry.ExplicitlyGrouped
                    ? EntryPointDescription.FromExplicitlyGroupedKernel(entry.Method)
                    : EntryPointDescription.FromImplicitlyGroupedKernel(entry.Method);
                var compiled = (PTXCompiledKernel)backend.Compile(description, default);
                string ptx = compiled.PTXAssembly;
                if (!ptx.Contains(".visible .entry " + compiled.Name, StringComparison.Ordinal) || !compiled.Name.Contains(entry.Method.Name, StringComparison.Ordinal))
                    failures.Add($"{entry.Name}: no entry '{compiled.Name}' in the PTX");
                // ILGPU targets the lowest architecture with every capability of the device: sm_80 for both
                // Ampere and Hopper (the driver JIT-compiles sm_80 PTX for an H100). The SM 9.0 run still checks
                // that each kernel compiles under Hopper's capability context.
                if (!ptx.Contains(".target sm_80", StringComparison.Ordinal))
                    failures.Add($"{entry.Name}: PTX does not target {architecture}: {ptx.Split('\n').FirstOrDefault(l => l.StartsWith(".target"))}");
                // No LibDevice calls (the float64 math included): every kernel loads without the CUDA toolkit.
                if (ptx.Contains("__nv_", StringComparison.Ordinal))
                    failures.Add($"{entry.Name}: calls LibDevice ({ptx.Split('\n').First(l => l.Contains("__nv_")).Trim()})");
                if (entry.ExplicitlyGrouped && !ptx.Contains(".shared", StringComparison.Ordinal))
                    failures.Add($"{entry.Name}: explicitly grouped kernel without shared memory");
            }
            catch (Exception e)
            {
                failures.Add($"{entry.Name}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData(typeof(float), typeof(Float32Math))]
    [InlineData(typeof(double), typeof(Float64Math))]
    public void GemmPtxStagesTilesInSharedMemoryWithBarriers(Type element, Type math)
    {
        using var backend = new PTXBackend(GpuRuntime.Context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null);
        var method = typeof(GemmKernel).GetMethod(nameof(GemmKernel.Gemm))!.MakeGenericMethod(element, math);
        var ptx = ((PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(method), default)).PTXAssembly;
        Assert.Contains(".shared", ptx);
        Assert.Contains("bar.sync", ptx);
        // No LibDevice calls: the math is PTX-native, so the kernel loads without the CUDA toolkit.
        Assert.DoesNotContain("__nv_", ptx);
    }
}
