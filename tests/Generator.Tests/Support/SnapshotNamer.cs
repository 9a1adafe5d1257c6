using ApprovalTests.Core;

namespace GraphGen.Generator.Tests.Support;

/// <summary>
/// Names snapshot files in this project's Snapshots folder, found from the test assembly's location rather
/// than from source paths in the PDB (deterministic CI builds rewrite those to /_/...).
/// </summary>
public sealed class SnapshotNamer(string name) : IApprovalNamer
{
    public string SourcePath { get; } = Locate();

    public string Name { get; } = name;

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Generator.Tests", "Snapshots");
            if (Directory.Exists(candidate)) return candidate;
        }

        throw new DirectoryNotFoundException($"No tests/Generator.Tests/Snapshots above {AppContext.BaseDirectory}.");
    }
}
