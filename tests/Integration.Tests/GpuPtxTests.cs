using System.Reflection;
using GraphGen.Kernels.Gpu;
using GraphGen.Gpu;
using GraphGen.Integration.Modules;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.Cuda;

namespace GraphGen.Integration;

/// <summary>
/// Every kernel of the compiled GPU backend — each one the generator wrote into an integration module's
/// {Type}.Gpu.g.cs and each runtime kernel those call — compiles to PTX for Ampere (SM 8.0) and Hopper (SM 9.0)
/// without a GPU or CUDA toolkit. Kernels are found by their [GpuKernel] attribute, so new ones are included.
/// </summary>
public class GpuPtxTests
{
    public static TheoryData<string> Architectures => new() { "SM_80", "SM_90" };

    private static IEnumerable<MethodInfo> Kernels(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<GpuKernelAttribute>() is not null);

    public static IReadOnlyList<MethodInfo> GeneratedKernels => Kernels(typeof(OurModule).Assembly).ToList();

    [Fact]
    public void EveryModuleWithAnElementwiseChainHasItsGeneratedKernels()
    {
        var owners = GeneratedKernels.Select(m => m.DeclaringType!.Name).ToHashSet();
        // Modules whose graphs have fused elementwise chains outside a GEMM epilogue (each a forward and a backward kernel).
        Assert.Superset(new HashSet<string>
        {
            "Mlp3", "EluMlp", "ResidualBlock", "TwoInputModule", "ScoreModule", "ParameterFree", "NestedModule", "NestedSequential",
            // Modules/Contract
            "ActivationLayers", "ActivationFunctions", "ActivationMethods", "Scaling", "Reductions", "SoftmaxDims", "FlattenIdioms",
            "ViewsBetweenLayers", "IndexedSequential", "ChildUsedTwice", "DimensionSources", "TwoInputChild", "SimdChains", "SiluForms",
        }, owners);
        Assert.All(GeneratedKernels, m => Assert.EndsWith("_kernel", m.Name));
        Assert.All(GeneratedKernels, m => Assert.NotNull(m.DeclaringType!.GetCustomAttribute<ModuleAttribute>()));
        Assert.True(GeneratedKernels.Count >= 70, $"found {GeneratedKernels.Count} generated kernels (74 when the contract modules were added)");
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void EveryGeneratedAndRuntimeKernelCompilesToPtx(string architecture)
    {
        var arch = architecture == "SM_80" ? CudaArchitecture.SM_80 : CudaArchitecture.SM_90;
        using var backend = new PTXBackend(GpuRuntime.Context, new CudaCapabilityContext(arch), arch, CudaInstructionSet.ISA_80, null);
        var kernels = GeneratedKernels.Concat(Kernels(typeof(GpuKernelAttribute).Assembly)).ToList();
        Assert.True(kernels.Count >= 80, $"found {kernels.Count} kernels");
        var failures = new List<string>();
        foreach (var method in kernels)
        {
            string name = $"{method.DeclaringType!.Name}.{method.Name}";
            try
            {
                bool grouped = method.GetCustomAttribute<GpuKernelAttribute>()!.ExplicitlyGrouped;
                var description = grouped
                    ? EntryPointDescription.FromExplicitlyGroupedKernel(method)
                    : EntryPointDescription.FromImplicitlyGroupedKernel(method);
                var compiled = (PTXCompiledKernel)backend.Compile(description, default);
                string ptx = compiled.PTXAssembly;
                if (!ptx.Contains(".visible .entry " + compiled.Name, StringComparison.Ordinal))
                    failures.Add($"{name}: no entry '{compiled.Name}' in the PTX");
                if (!ptx.Contains(".target sm_80", StringComparison.Ordinal))
                    failures.Add($"{name}: PTX does not target sm_80 (the lowest architecture with the device's capabilities)");
                // No LibDevice calls: the math is PTX-native, so the kernels load without the CUDA toolkit.
                if (ptx.Contains("__nv_", StringComparison.Ordinal))
                    failures.Add($"{name}: calls LibDevice ({ptx.Split('\n').First(l => l.Contains("__nv_")).Trim()})");
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
