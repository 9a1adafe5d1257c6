namespace GraphGen.Generator.Tests.Support;

/// <summary>The sample modules (the Integration tests' sources, copied next to the test assembly).</summary>
public static class Samples
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Samples");

    public static IEnumerable<string> Names => System.IO.Directory.GetFiles(Directory, "*.cs").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static string Source(string name) => File.ReadAllText(Path.Combine(Directory, name + ".cs"));

    /// <summary>All sample sources: modules may use each other (NestedModule uses ResidualBlock).</summary>
    public static string[] All => Names.Select(Source).ToArray();

    public static TheoryData<string> Theory()
    {
        var data = new TheoryData<string>();
        foreach (var n in Names) data.Add(n);
        return data;
    }
}
