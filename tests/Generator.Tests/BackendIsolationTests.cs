using GraphGen.Generator.Emit;
using GraphGen.Generator.Model;
using GraphGen.Generator.Tests.Support;

namespace GraphGen.Generator.Tests;

/// <summary>
/// A backend's failure never fails the user's build (issue #17): a GPU backend that throws is replaced by its
/// declining fallback with warning GG0302 (DiagnosticTests); a CPU failure is GG0099 with the plumbing kept; and
/// fused chains of any length compile for both backends (the GPU launcher once stopped at 14 arguments).
/// </summary>
public class BackendIsolationTests
{
    [Fact]
    public void AFailingBackendWithoutAFallbackIsAnInternalErrorThatKeepsThePlumbing()
    {
        var (files, diagnostics) = SourceOutput.Render(FakeBackend.Plan, [new FakeBackend("Cpu", true, null), new FakeBackend("Gpu", false, "// declines")]);

        Assert.Equal(["Demo.Net.Module.g.cs"], files.Select(f => f.HintName));
        Assert.Equal("GG0099", Assert.Single(diagnostics).Id);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(12)]
    [InlineData(16)]
    public void AFusedChainOfAnyLengthCompilesForBothBackends(int operands)
    {
        // f1(x) * f2(x) + f3(x) * ... + x: operands - 1 layers and the input, one fused elementwise chain.
        var layers = Enumerable.Range(1, operands - 1).Select(i => $"    private readonly Linear f{i} = new(3, 3);");
        var terms = Enumerable.Range(1, operands - 1).Select(i => $"f{i}.Call(x)").Append("x").ToList();
        string chain = string.Join(" + ", terms.Chunk(2).Select(pair => string.Join(" * ", pair)));
        var outcome = Compiler.Run(Markup.Header + $$"""
            [Module]
            public partial class Chain
            {
            {{string.Join("\n", layers)}}
                public Tensor Forward(Tensor x) => {{chain}};
            }
            """);

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.True(outcome.CompileErrors.IsEmpty, string.Join("\n", outcome.CompileErrors.Take(10)));
        Assert.Contains("GpuCall.Launch(ws, ", outcome.File("Demo.Chain.Gpu.g.cs"));
    }
}

/// <summary>A backend that emits a comment, or throws; its fallback (if any) says why it declined.</summary>
internal sealed class FakeBackend(string suffix, bool throws, string? fallback) : IBackendEmitter
{
    public static readonly ModulePlan Plan = new(new ModuleEmitModel("Demo", "Net", "Demo.Net", EquatableArray<string>.Empty,
        EquatableArray<string>.Empty, EquatableArray<ParameterDoc>.Empty, new EquatableArray<string>(new[] { "x" }), null), null, null);

    public string Suffix => suffix;

    public string? Emit(ModulePlan plan) => throws ? throw new InvalidOperationException("kernel planning broke") : "// " + suffix;

    public string? Fallback(ModuleEmitModel model, string reason) => fallback is null ? null : fallback + " // " + reason;
}
