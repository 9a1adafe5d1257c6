using GraphGen.Generator.Diagnostics;

namespace GraphGen.Analyzers.Tests;

/// <summary>Every GG04xx descriptor is reported by some analyzer and tested here by ID (a test named after it).</summary>
public class CallSiteDescriptorTests
{
    private static readonly string[] s_callSiteIds =
        DiagnosticDescriptors.All.Select(d => d.Id).Where(id => id.StartsWith("GG04", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void EveryCallSiteDescriptorHasATestNamedAfterIt()
    {
        var tested = typeof(CallSiteDescriptorTests).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Select(m => m.Name).Where(n => n.StartsWith("GG04", StringComparison.Ordinal)).Select(n => n.Substring(0, 6)).ToHashSet();
        Assert.All(s_callSiteIds, id => Assert.Contains(id, tested));
    }

    [Fact]
    public void EveryCallSiteDescriptorIsSupportedByAnAnalyzer()
    {
        var supported = Support.AnalyzerRunner.All.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        Assert.All(s_callSiteIds, id => Assert.Contains(id, supported));
    }
}
