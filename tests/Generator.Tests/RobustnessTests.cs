using GraphGen.Generator.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GraphGen.Generator.Tests;

/// <summary>
/// The generator runs while people type: over hundreds of mutated and truncated module sources (deleted
/// tokens, wrong types, half-written Forward bodies) no exception escapes, no internal error is reported,
/// and no run hangs.
/// </summary>
public class RobustnessTests
{
    /// <summary>A run this much slower than the unmutated sources' run counts as a hang (at least 20 s).</summary>
    private const int HangFactor = 10;

    public static TheoryData<string> Files => Samples.Theory();

    [Theory]
    [MemberData(nameof(Files))]
    public async Task MutatedSourcesNeverCrashTheGenerator(string file)
    {
        var others = Samples.Names.Where(n => n != file).Select(Samples.Source).ToArray();
        var mutants = Mutants(Samples.Source(file), seed: StableSeed(file), count: 32).ToList();

        // The unmutated run, untimed, sets the limit: every sample is compiled with each mutant, so on a loaded machine (the
        // tests run in parallel) a normal run can take seconds; a hang is a run many times slower than that.
        var baseline = System.Diagnostics.Stopwatch.StartNew();
        Compiler.Driver(trackSteps: false).RunGenerators(Compiler.Compilation(others.Append(Samples.Source(file)).ToArray())).GetRunResult();
        var limit = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(20).Ticks, baseline.Elapsed.Ticks * HangFactor));
        foreach (var (what, source) in mutants)
        {
            var run = Task.Run(() => Compiler.Driver(trackSteps: false).RunGenerators(Compiler.Compilation(others.Append(source).ToArray())).GetRunResult());
            var finished = await Task.WhenAny(run, Task.Delay(limit));
            Assert.True(finished == run, $"the generator did not finish within {limit.TotalSeconds:0} s ({HangFactor}x the unmutated run) on {what}");
            var result = (await run).Results.Single();
            Assert.True(result.Exception is null, $"{what}: {result.Exception}");
            var internalErrors = result.Diagnostics.Where(d => d.Id == "GG0099").ToList();
            Assert.True(internalErrors.Count == 0, $"{what}: {string.Join("; ", internalErrors)}");
        }
    }

    /// <summary>
    /// A local renamed to <c>var</c> (found by a mutant: <c>var = block1.Call(h)</c> binds to nothing) is the
    /// compiler's error to report, not an internal generator error.
    /// </summary>
    [Fact]
    public void ALocalReplacedByVarIsLeftToTheCompiler()
    {
        var others = Samples.Names.Where(n => n != "NestedModule").Select(Samples.Source).ToArray();
        string source = Samples.Source("NestedModule");
        var uses = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken) && t.Text == "h").ToList();
        Assert.NotEmpty(uses);
        foreach (var use in uses)
        {
            string mutant = source.Remove(use.SpanStart, 1).Insert(use.SpanStart, "var");
            var result = Compiler.Driver(trackSteps: false).RunGenerators(Compiler.Compilation(others.Append(mutant).ToArray())).GetRunResult().Results.Single();
            Assert.Null(result.Exception);
            Assert.True(!result.Diagnostics.Any(d => d.Id == "GG0099"), $"'h' at {use.SpanStart}: {string.Join("; ", result.Diagnostics)}");
        }
    }

    /// <summary>A seed that is the same in every process (string.GetHashCode is randomised per process).</summary>
    private static int StableSeed(string name)
    {
        uint h = 2166136261;
        foreach (char c in name) h = (h ^ c) * 16777619;
        return (int)(h & 0x7fff);
    }

    /// <summary>Deterministic mutants: a deleted token, a truncation, a swapped type or identifier, a cut Forward, a duplicated line.</summary>
    private static IEnumerable<(string What, string Source)> Mutants(string source, int seed, int count)
    {
        var random = new Random(seed);
        var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
        var identifiers = tokens.Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.Text).Distinct().ToList();
        string[] types = { "int", "double", "Tensor", "Module", "Linear", "string", "var" };
        int forward = source.IndexOf("Tensor Forward", StringComparison.Ordinal);
        var lines = source.Split('\n');
        for (int i = 0; i < count; i++)
        {
            var token = tokens[random.Next(tokens.Count)];
            switch (i % 6)
            {
                case 0:
                    yield return ($"token '{token.Text}' deleted at {token.SpanStart}", source.Remove(token.SpanStart, token.Span.Length));
                    break;
                case 1:
                    int cut = random.Next(source.Length);
                    yield return ($"truncated at {cut}", source.Substring(0, cut));
                    break;
                case 2:
                    string type = types[random.Next(types.Length)];
                    yield return ($"'{token.Text}' at {token.SpanStart} replaced by {type}", source.Remove(token.SpanStart, token.Span.Length).Insert(token.SpanStart, type));
                    break;
                case 3:
                    string name = identifiers[random.Next(identifiers.Count)];
                    yield return ($"'{token.Text}' at {token.SpanStart} replaced by {name}", source.Remove(token.SpanStart, token.Span.Length).Insert(token.SpanStart, name));
                    break;
                case 4:
                    int start = forward < 0 ? 0 : forward;
                    int end = start + random.Next(Math.Max(1, source.Length - start));
                    yield return ($"Forward cut at {end}", source.Substring(0, end) + "\n}\n");
                    break;
                default:
                    int line = random.Next(lines.Length);
                    yield return ($"line {line} duplicated", string.Join('\n', lines.Take(line + 1).Append(lines[line]).Concat(lines.Skip(line + 1))));
                    break;
            }
        }
    }
}
