using GraphGen.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace GraphGen.Generator.Tests;

/// <summary>SiLU, added through the scalar IR alone: every form compiles cleanly on each backend, SIMD included.</summary>
public class SiluGenerationTests
{
    private static readonly Lazy<GeneratorOutcome> s_outcome = new(() => Compiler.Run(Markup.Header + """
        [Module]
        public partial class Net
        {
            private readonly Sequential pipe = new(new Linear(4, 6), new SiLU());

            public Tensor Forward(Tensor x) => F.Silu(pipe.Call(x)) + pipe.Call(x).Silu();
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
    public void EachBackendRendersItsOwnMath()
    {
        string cpu = s_outcome.Value.File("Demo.Net.Cpu.g.cs"), gpu = s_outcome.Value.File("Demo.Net.Gpu.g.cs");
        Assert.Contains("SiLU", cpu);
        Assert.Contains("in0 / (1f + global::System.MathF.Exp(-in0))", cpu);
        Assert.Contains("in0 / (1f + V.Exp(-in0))", cpu); // the SIMD loop
        Assert.Contains("in0 / (1f + global::GraphGen.Kernels.Gpu.GpuMath.Exp(-in0))", gpu);
        Assert.DoesNotContain("System.MathF.Exp", gpu);
    }
}
