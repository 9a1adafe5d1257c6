using ApprovalTests;
using ApprovalTests.Reporters;
using ApprovalTests.Writers;
using GraphGen.Generator.Tests.Support;

namespace GraphGen.Generator.Tests;

/// <summary>
/// The generated files of every sample module, approved deliberately: a change to the generated code shows
/// up as a diff against Snapshots/*.approved.cs (the .received.cs file is never committed).
/// </summary>
public class SnapshotTests
{
    /// <summary>Every [Module] class among the samples (Integration.Tests/Modules), by name.</summary>
    private static readonly string[] s_modules =
    {
        "DropoutOnly", "EluMlp", "ImageNet", "MismatchedHidden", "Mlp1", "Mlp2", "Mlp3", "NestedModule", "NestedSequential", "OracleMlp2", "OracleMlp3",
        "LectureModule", "OurModule", "ParameterFree", "Passthrough", "ResidualBlock", "ScoreModule", "SharedLayer", "SimdChains", "TwoInputModule",
        "AdaptivePoolGrid", "BatchNormMlp", "BatchNormOnInput", "CatBranches", "EmbeddingMean", "LayerNormMlp", "PooledBatchNormNet",
        "LeNet5", "DepthwiseSeparable", "ResidualConvBn", "Conv1dNet", "UndeclaredCnn", "OracleLeNet", "PyTorchCnn", "ConvBnFolding",
        "OddWidthMlp", "SmallLinearBoundary",
    };

    public static TheoryData<string> Modules => new(s_modules);

    private static readonly Lazy<GeneratorOutcome> s_outcome = new(() => Compiler.Run(Samples.All));

    [Theory]
    [MemberData(nameof(Modules))]
    public void ModuleFile(string module) => Verify(module, "Module");

    [Theory]
    [MemberData(nameof(Modules))]
    public void CallFile(string module) => Verify(module, "Call");

    [Theory]
    [MemberData(nameof(Modules))]
    public void GraphFile(string module) => Verify(module, "Graph");

    [Theory]
    [MemberData(nameof(Modules))]
    public void CpuFile(string module) => Verify(module, "Cpu");

    [Theory]
    [MemberData(nameof(Modules))]
    public void GpuFile(string module) => Verify(module, "Gpu");

    [Theory]
    [MemberData(nameof(Modules))]
    public void FactsFile(string module) => Verify(module, "Facts");

    [Fact]
    public void EverySampleModuleHasSnapshots()
    {
        var generated = s_outcome.Value.Files.Select(f => f.HintName).Order(StringComparer.Ordinal);
        var snapshotted = s_modules.SelectMany(m => new[] { Hint(m, "Call"), Hint(m, "Cpu"), Hint(m, "Facts"), Hint(m, "Gpu"), Hint(m, "Graph"), Hint(m, "Module") }).Order(StringComparer.Ordinal);
        Assert.Equal(snapshotted, generated);
    }

    private static void Verify(string module, string kind) =>
        Approvals.Verify(new ApprovalTextWriter(s_outcome.Value.File(Hint(module, kind)), "cs"),
            new SnapshotNamer($"SnapshotTests.{kind}File.ForScenario.{module}"), new QuietReporter());

    private static string Hint(string module, string kind) => $"GraphGen.Integration.Modules.{module}.{kind}.g.cs";
}
