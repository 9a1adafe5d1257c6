using System.Text.RegularExpressions;
using GraphGen.Generator.Tests.Support;

namespace GraphGen.Generator.Tests;

/// <summary>
/// Ops with kernels of their own lower to typed kernel calls, which each backend renders by its own convention:
/// the CPU file calls only <c>GraphGen.Kernels.Cpu.{Family}Kernels</c>, the GPU file only
/// <c>GraphGen.Kernels.Gpu.{Family}Launches</c> (after the workspace), and both compile against the runtime.
/// </summary>
public class KernelCallGenerationTests
{
    private static readonly Lazy<GeneratorOutcome> s_outcome = new(() => Compiler.Run(Markup.Header + """
        [Module]
        public partial class Net
        {
            private readonly Linear fc1 = new(4, 40);   // in·out above 128: the general GEMM (smaller ones are SmallLinear)
            private readonly Linear fc2 = new(40, 5);
            private readonly Dropout drop = new(0.25);

            public Tensor Forward(Tensor x)
            {
                var h = drop.Call(F.Relu(fc1.Call(x)));
                var centred = h - h.Mean(1, keepDim: true);
                return F.LogSoftmax(fc2.Call(centred), 1) + centred.Sum();
            }
        }
        """));

    private static readonly string[] s_families = ["Linear", "Dropout", "Reduction", "Broadcast", "Softmax"];

    [Fact]
    public void BothBackendsCompile()
    {
        var outcome = s_outcome.Value;
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.True(outcome.CompileErrors.IsEmpty, string.Join("\n", outcome.CompileErrors.Take(20).Select(e => e.ToString())));
    }

    [Fact]
    public void TheCpuFileCallsEachFamilysCpuKernels()
    {
        string cpu = s_outcome.Value.File("Demo.Net.Cpu.g.cs");
        foreach (var family in s_families) Assert.Contains($"global::GraphGen.Kernels.Cpu.{family}Kernels.", cpu);
        Assert.Contains("global::GraphGen.Kernels.Cpu.LinearKernels.Forward(x, y, s.B, 4, 40, layer.Weight, layer.Bias, activation: global::GraphGen.Kernels.Cpu.Activation.Relu);", cpu);
        Assert.Contains("global::GraphGen.Kernels.Cpu.LinearKernels.WeightGradient(dy, x, s.B, 4, 40, in weight);", cpu);
        Assert.DoesNotContain("Kernels.Gpu.", cpu);
        Assert.DoesNotContain("GraphGen.Compiled.Gpu", cpu);
    }

    [Fact]
    public void TheGpuFileLaunchesEachFamilysGpuKernelsOnTheWorkspace()
    {
        string gpu = s_outcome.Value.File("Demo.Net.Gpu.g.cs");
        foreach (var family in s_families) Assert.Contains($"global::GraphGen.Kernels.Gpu.{family}Launches.", gpu);
        var launches = Regex.Matches(gpu, @"global::GraphGen\.Kernels\.Gpu\.\w+Launches\.\w+\(([^,]*),");
        Assert.NotEmpty(launches);
        Assert.All(launches, m => Assert.Equal("ws", m.Groups[1].Value));
        Assert.Matches(@"global::GraphGen\.Kernels\.Gpu\.LinearLaunches\.WeightGradient\(ws, ws\.d_fc2, ws\.\w+, sizes\.B, 40, 5, layers\.fc2\.Weight, out fc2_weight\);", gpu);
        Assert.DoesNotContain("Kernels.Cpu.LinearKernels", gpu);
        Assert.DoesNotContain("Kernels.Cpu.ReductionKernels", gpu);
    }
}
