using System.Collections.Immutable;
using GraphGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GraphGen.Generator.Tests.Support;

/// <summary>Compiles sources in memory against the runtime and runs the real generator over them.</summary>
public static class Compiler
{
    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Preview);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(Tensor).Assembly.Location);
        paths.Add(typeof(ModuleAttribute).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public static CSharpCompilation Compilation(params string[] sources)
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, s_parseOptions, path: $"Source{i}.cs")).ToList();
        return CSharpCompilation.Create("Tests", trees, s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    public static GeneratorDriver Driver(bool trackSteps = true) =>
        CSharpGeneratorDriver.Create(new[] { new ModuleGenerator().AsSourceGenerator() }, parseOptions: s_parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator over <paramref name="sources"/>: its diagnostics, generated files, and the compilation's errors afterwards.</summary>
    public static GeneratorOutcome Run(params string[] sources)
    {
        var compilation = Compilation(sources);
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult();
        return new GeneratorOutcome(result, generatorDiagnostics, output,
            output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray());
    }
}

public sealed record GeneratorOutcome(
    GeneratorDriverRunResult Result,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    Compilation Output,
    ImmutableArray<Diagnostic> CompileErrors)
{
    public IEnumerable<(string HintName, string Text)> Files =>
        Result.Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, s.SourceText.ToString()));

    public string File(string hintName) => Files.Single(f => f.HintName == hintName).Text;

    public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;
}
