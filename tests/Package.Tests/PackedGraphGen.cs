namespace GraphGen.Package.Tests;

/// <summary>
/// The GraphGen package, packed once from this repository's build into a temporary folder, and a way to
/// make consumer projects outside the repository that install it from there (and their other
/// dependencies from the machine's usual NuGet sources).
/// </summary>
public sealed class PackedGraphGen : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _root = Directory.CreateTempSubdirectory("graphgen-package-").FullName;

    public PackedGraphGen()
    {
        RepositoryRoot = FindRepositoryRoot();
        // A version no earlier run used, so NuGet's package cache cannot hand back a stale GraphGen.
        Version = $"0.0.0-packagetest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        Feed = Path.Combine(_root, "feed");
        var pack = DotnetCommand.Run(RepositoryRoot, "pack", Path.Combine("src", "Runtime", "Runtime.csproj"),
            "-c", Configuration, "--no-build", "--no-restore", "-o", Feed, $"-p:PackageVersion={Version}",
            $"-p:NuspecOutputPath={Path.Combine(_root, "nuspec")}");
        if (pack.ExitCode != 0) throw new InvalidOperationException($"dotnet pack failed: {pack}");
        Package = Path.Combine(Feed, $"GraphGen.{Version}.nupkg");
    }

    public string RepositoryRoot { get; }

    public string Version { get; }

    public string Feed { get; }

    public string Package { get; }

    /// <summary>
    /// A console project in a new folder outside the repository with <paramref name="programFile"/> (from
    /// Consumers/) as its Program.cs, after <c>dotnet add package GraphGen</c>.
    /// </summary>
    public string CreateConsumer(string name, string programFile)
    {
        string dir = Path.Combine(_root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="graphgen-under-test" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(dir, $"{name}.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Consumers", programFile), Path.Combine(dir, "Program.cs"));
        var add = DotnetCommand.Run(dir, "add", "package", "GraphGen", "--version", Version);
        if (add.ExitCode != 0) throw new InvalidOperationException($"dotnet add package GraphGen failed: {add}");
        return dir;
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        // This run's version in NuGet's package cache is of no use to any later run.
        string cached = Path.Combine(
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
                ? packages
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "graphgen", Version);
        if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GraphGen.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no GraphGen.sln above '{AppContext.BaseDirectory}'");
    }
}
