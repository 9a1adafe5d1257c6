using GraphGen.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace GraphGen.Generator.Tests;

/// <summary>
/// Which Linear layers the op lowers to the SmallLinear kernels: constant widths with in·out ≤ 128 (both ≤ 64) do, with
/// one fused backward call; larger or symbolic widths keep the GEMM and its four backward calls. The GPU backend renders
/// the same calls as SmallLinearLaunches.
/// </summary>
public class SmallLinearGenerationTests
{
    private static readonly Lazy<GeneratorOutcome> s_outcome = new(() => Compiler.Run(Markup.Header + """
        [Module]
        public partial class Net
        {
            private readonly Linear atLimit = new(16, 8);
            private readonly Linear overLimit = new(8, 17);
            private readonly Linear tooWide = new(17, 65);
            private readonly Linear symbolic;

            public Net(int outputs) => symbolic = new Linear(65, outputs);

            public Tensor Forward(Tensor x) => symbolic.Call(F.Relu(tooWide.Call(overLimit.Call(F.Relu(atLimit.Call(x))))));
        }
        """));

    [Fact]
    public void GeneratesCodeWithoutDiagnostics()
    {
        var outcome = s_outcome.Value;
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.True(outcome.CompileErrors.IsEmpty, string.Join("\n", outcome.CompileErrors.Take(20).Select(e => e.ToString())));
    }

    [Fact]
    public void OnlyConstantLayersWithinTheThresholdAreSpecialised()
    {
        string cpu = s_outcome.Value.File("Demo.Net.Cpu.g.cs");
        Assert.Contains("global::GraphGen.Kernels.Cpu.SmallLinearKernels.Forward(x, y, s.B, 16, 8, layer.Weight, layer.Bias, activation: global::GraphGen.Kernels.Cpu.Activation.Relu);", cpu);
        Assert.Contains("global::GraphGen.Kernels.Cpu.SmallLinearKernels.Backward(x, y, dy, dx, s.B, 16, 8, layer.Weight, in weight, in bias, activation: global::GraphGen.Kernels.Cpu.Activation.Relu, accumulate: false);", cpu);
        Assert.Contains("global::GraphGen.Kernels.Cpu.LinearKernels.Forward(x, y, s.B, 8, 17,", cpu);
        Assert.Contains("global::GraphGen.Kernels.Cpu.LinearKernels.Forward(x, y, s.B, 17, 65,", cpu);
        Assert.Contains("global::GraphGen.Kernels.Cpu.LinearKernels.Forward(x, y, s.B, 65, s.outputs,", cpu);
        Assert.Equal(1, Count(cpu, "SmallLinearKernels.Forward("));
        Assert.Equal(1, Count(cpu, "SmallLinearKernels.Backward("));
        Assert.Equal(3, Count(cpu, "LinearKernels.WeightGradient("));
    }

    [Fact]
    public void TheGpuBackendLaunchesTheSameCalls()
    {
        string gpu = s_outcome.Value.File("Demo.Net.Gpu.g.cs");
        Assert.Equal(1, Count(gpu, "global::GraphGen.Kernels.Gpu.SmallLinearLaunches.Forward("));
        Assert.Equal(1, Count(gpu, "global::GraphGen.Kernels.Gpu.SmallLinearLaunches.Backward("));
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, "").Length) / what.Length;
}
