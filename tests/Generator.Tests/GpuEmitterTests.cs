using GraphGen.Generator.Tests.Support;

namespace GraphGen.Generator.Tests;

/// <summary>The ILGPU backend's file: kernels are emitted per fused chain, and a graph it cannot compile yet declines to the eager Forward.</summary>
public class GpuEmitterTests
{
    [Fact]
    public void ABroadcastBeyondRankFourDeclinesToTheEagerForwardAndStillCompiles()
    {
        const string source = """
            using GraphGen;
            namespace Demo;
            [Module]
            public partial class Wide
            {
                public Tensor Forward(Tensor x)
                {
                    var v = x.View(-1, 2, 2, 2, 2);
                    return v + v.Sum(4, keepDim: true);
                }
            }
            """;
        var outcome = Compiler.Run(source);
        Assert.Empty(outcome.CompileErrors);
        Assert.Empty(outcome.Diagnostics);
        var gpu = outcome.File("Demo.Wide.Gpu.g.cs");
        Assert.Contains("// No GPU kernel yet for: v + v.Sum(4, keepDim: true) (broadcasting over 5 dims).", gpu);
        Assert.Contains("private global::GraphGen.Tensor? CallCompiledGpu(global::GraphGen.Tensor x, CallLayers layers) => null;", gpu);
        Assert.Contains("return CallCompiledCpu(x, layers) ?? CallCompiledGpu(x, layers) ?? Forward(x);", outcome.File("Demo.Wide.Call.g.cs"));
    }

    [Fact]
    public void EachFusedChainGetsAForwardAndABackwardKernelWithDeviceMath()
    {
        const string source = """
            using GraphGen;
            using GraphGen.Nn;
            namespace Demo;
            [Module]
            public partial class Chain
            {
                private readonly Linear fc = new(3, 4);
                public Tensor Forward(Tensor x) => (fc.Call(x).Exp() * 2 - F.Gelu(fc.Call(x))).Abs();
            }
            """;
        var outcome = Compiler.Run(source);
        Assert.Empty(outcome.CompileErrors);
        var gpu = outcome.File("Demo.Chain.Gpu.g.cs");
        Assert.Equal(2, gpu.Split("[global::GraphGen.Kernels.Gpu.GpuKernel]").Length - 1);
        Assert.Contains("global::GraphGen.Kernels.Gpu.GpuMath.Exp(", gpu);
        Assert.Contains("global::GraphGen.Kernels.Gpu.GpuMath.Gelu(", gpu);
        Assert.Contains("global::GraphGen.Kernels.Gpu.GpuMath.Sign(", gpu);
        Assert.DoesNotContain("System.MathF.Exp", gpu); // LibDevice would need the CUDA toolkit at run time
        Assert.DoesNotContain("GraphGen.Kernels.Cpu.ScalarMath.", gpu);
    }
}
