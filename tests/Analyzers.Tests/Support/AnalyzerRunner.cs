using System.Collections.Immutable;
using System.Globalization;
using GraphGen.Generator.Analyzers;
using GraphGen.Generator.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GraphGen.Analyzers.Tests.Support;

/// <summary>
/// Runs the real generator over sources (so each [Module] gets its published facts), then every call-site
/// analyzer of the generator assembly over the result, as a build does.
/// </summary>
public static class AnalyzerRunner
{
    public static readonly ImmutableArray<DiagnosticAnalyzer> All = typeof(LossInputAnalyzer).Assembly.GetTypes()
        .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>The generator's and the analyzers' GG diagnostics; fails on a compile error (tests feed valid code).</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(params string[] sources)
    {
        var outcome = Compiler.Run(sources);
        Assert.True(outcome.CompileErrors.IsEmpty, "compile errors: " + string.Join("; ", outcome.CompileErrors));
        var analyzed = outcome.Output.WithAnalyzers(All).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var all = outcome.Diagnostics.Concat(analyzed).Where(d => d.Id.StartsWith("GG", StringComparison.Ordinal)).ToImmutableArray();
        return (outcome.Output, all);
    }

    /// <summary>
    /// Asserts exactly one diagnostic <paramref name="id"/> with <paramref name="message"/> on the span marked
    /// <c>[|...|]</c> in <paramref name="markup"/> (which gets <see cref="Markup.Header"/>), and no other GG diagnostic.
    /// </summary>
    public static Diagnostic AssertSingle(string markup, string id, string message, params string[] others)
    {
        var (source, span) = Markup.Parse(Markup.Header + markup);
        var (_, diagnostics) = Run(new[] { source }.Concat(others).ToArray());
        Assert.True(diagnostics.Length == 1 && diagnostics[0].Id == id, $"expected one {id}, got: {string.Join("; ", diagnostics)}");
        var d = diagnostics[0];
        Assert.Equal(message, d.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("Source0.cs", d.Location.SourceTree?.FilePath);
        Assert.Equal(source.Substring(span.Start, span.Length), source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        return d;
    }

    /// <summary>Asserts that the sources produce no GG diagnostic at all (generator or analyzer).</summary>
    public static void AssertClean(params string[] sources)
    {
        var (_, diagnostics) = Run(sources);
        Assert.True(diagnostics.IsEmpty, "expected no GG diagnostic, got: " + string.Join("; ", diagnostics));
    }
}
