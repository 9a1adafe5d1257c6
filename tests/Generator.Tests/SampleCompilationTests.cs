using GraphGen.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace GraphGen.Generator.Tests;

/// <summary>Every sample module generates without diagnostics and the result compiles.</summary>
public class SampleCompilationTests
{
    [Fact]
    public void AllSamplesGenerateCleanCode()
    {
        var outcome = Compiler.Run(Samples.All);
        Assert.Empty(outcome.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(outcome.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.True(outcome.CompileErrors.IsEmpty, string.Join("\n", outcome.CompileErrors.Take(20).Select(e => e.ToString())));
    }

    [Fact]
    public void AModuleThatNamesItselfKeepsItsOwnGetName()
    {
        var outcome = Compiler.Run(Markup.Header + """
            [Module]
            public partial class Net
            {
                private readonly Linear fc = new(2, 3);
                public override string GetName() => "MyNet";
                public Tensor Forward(Tensor x) => fc.Call(x);
            }
            """);
        Assert.True(outcome.CompileErrors.IsEmpty, string.Join("\n", outcome.CompileErrors));
        Assert.DoesNotContain("GetName", outcome.File("Demo.Net.Module.g.cs"));
    }
}
