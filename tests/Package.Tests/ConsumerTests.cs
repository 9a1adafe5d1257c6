using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace GraphGen.Package.Tests;

/// <summary>
/// The GraphGen package as a user gets it: packed from this build, installed with <c>dotnet add package
/// GraphGen</c> into projects outside the repository, its generator compiling their [Module]s.
/// </summary>
public sealed partial class ConsumerTests(PackedGraphGen packed) : IClassFixture<PackedGraphGen>
{
    [Fact]
    public void PackageHoldsRuntimeAndAttributesInLibAndTheGeneratorUnderAnalyzers()
    {
        using var zip = ZipFile.OpenRead(packed.Package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var expected in new[]
        {
            "lib/net10.0/GraphGen.Runtime.dll", "lib/net10.0/GraphGen.Runtime.xml", "lib/net10.0/GraphGen.Attributes.dll",
            "analyzers/dotnet/cs/GraphGen.Generator.dll", "analyzers/dotnet/cs/GraphGen.CodeFixes.dll", "README.md", "LICENSE",
        })
            Assert.True(entries.Contains(expected), $"{expected} is missing; the package holds: {string.Join(", ", entries.Order())}");

        using var nuspec = new StreamReader(zip.GetEntry("GraphGen.nuspec")!.Open());
        string text = nuspec.ReadToEnd();
        Assert.Contains("<license type=\"expression\">MIT</license>", text);
        Assert.Contains("<readme>README.md</readme>", text);
        Assert.Contains("<dependency id=\"ILGPU\"", text);
        // The attributes travel inside this package: a dependency on a package of their own could not restore.
        Assert.DoesNotContain("GraphGen.Attributes\"", text);
    }

    [Fact]
    public void CompiledModuleTrainsInAConsumerOutsideTheRepository()
    {
        string dir = packed.CreateConsumer("Xor", Path.Combine("Xor", "Program.cs"));
        Assert.False(dir.StartsWith(packed.RepositoryRoot, StringComparison.Ordinal), $"{dir} is inside the repository");

        var run = DotnetCommand.Run(dir, "run", "-c", "Release");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("(fc1): Linear(in_features=2, out_features=16, bias=True)", run.Output);
        var losses = LossLine().Matches(run.Output)
            .ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                          m => float.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.True(losses.ContainsKey(1) && losses.ContainsKey(200), run.ToString());
        // Cross-entropy over two classes starts near ln 2 and falls close to zero once XOR is learned.
        Assert.InRange(losses[1], 0.5f, 1.5f);
        Assert.True(losses[200] < 0.05f, $"loss after 200 steps is {losses[200]}, expected under 0.05:\n{run.Output}");
    }

    [Fact]
    public void ShapeBugFailsTheConsumersBuildWithGG0101FromThePackagedGenerator()
    {
        string dir = packed.CreateConsumer("ShapeBug", Path.Combine("ShapeBug", "Program.cs"));

        var build = DotnetCommand.Run(dir, "build", "-c", "Release");
        Assert.True(build.ExitCode != 0, $"the build should have failed: {build}");
        Assert.Matches(@"Program\.cs\(\d+,\d+\): error GG0101: Linear 'fc2' expects 4 input features but 'fc1' produces \[[^\]]*5\]", build.Output);
    }

    [Fact]
    public void SoftmaxIntoCrossEntropyWarnsGG0401FromThePackagedAnalyzers()
    {
        string dir = packed.CreateConsumer("SoftmaxLoss", Path.Combine("SoftmaxLoss", "Program.cs"));

        var build = DotnetCommand.Run(dir, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Matches(@"Program\.cs\(\d+,\d+\): warning GG0401: CrossEntropyLoss expects logits, but 'Classifier' ends in Softmax", build.Output);
        // The code-fix assembly sits beside the analyzers: the compiler must load it without complaint (CS8032/CS8034).
        Assert.DoesNotContain("CS803", build.Output);
    }

    [GeneratedRegex(@"step (\d+): loss ([0-9.]+)")]
    private static partial Regex LossLine();
}
