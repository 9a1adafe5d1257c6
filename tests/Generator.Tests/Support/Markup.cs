using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GraphGen.Generator.Tests.Support;

/// <summary>Source with the expected diagnostic span marked as <c>[|...|]</c>.</summary>
public static class Markup
{
    public const string Header = "using GraphGen;\nusing GraphGen.Nn;\n\nnamespace Demo;\n\n";

    public static (string Source, TextSpan Span) Parse(string markup)
    {
        int start = markup.IndexOf("[|", StringComparison.Ordinal);
        int end = markup.IndexOf("|]", StringComparison.Ordinal);
        if (start < 0 || end < start) throw new ArgumentException("The markup needs one [|...|] span.");
        string source = markup.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }

    /// <summary>
    /// Runs the generator on <paramref name="markup"/> (plus <paramref name="others"/>) and asserts exactly one
    /// diagnostic <paramref name="id"/>, with <paramref name="message"/>, on the marked span. Returns it.
    /// </summary>
    public static Diagnostic AssertSingle(string markup, string id, string message, params string[] others)
    {
        var (source, span) = Parse(Header + markup);
        var outcome = Compiler.Run(new[] { source }.Concat(others).ToArray());
        var found = outcome.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(found.Count == 1, $"expected one {id}, got: {string.Join("; ", outcome.Diagnostics)}");
        var d = found[0];
        Assert.Equal(message, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        // Diagnostics carry file path + span as data (no syntax tree in the model): an external-file location.
        Assert.Equal("Source0.cs", d.Location.GetLineSpan().Path);
        Assert.Equal(source.Substring(span.Start, span.Length), source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Equal(span, d.Location.SourceSpan);
        return d;
    }
}
