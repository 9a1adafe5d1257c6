using System.Text.Json;

namespace GraphGen.Tests.Optim;

/// <summary>Reads the libtorch oracle files (tests/Runtime.Tests/Oracle/*.json) for the optimizer tests.</summary>
internal static class OptimOracle
{
    public static IEnumerable<JsonElement> Cases(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Oracle", file);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
    }

    public static JsonElement Case(string file, string name)
        => Cases(file).Single(c => c.GetProperty("name").GetString() == name);

    public static IEnumerable<object[]> CaseNames(string file)
        => Cases(file).Select(c => new object[] { c.GetProperty("name").GetString()! });

    public static int[] Shape(JsonElement t) => t.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static float[] Floats(JsonElement t) => t.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();

    public static Tensor ToTensor(JsonElement t) => t.GetProperty("dtype").GetString() switch
    {
        "float32" => Tensor.From<float>(Floats(t), Shape(t)),
        "int64" => Tensor.From<long>(t.GetProperty("data").EnumerateArray().Select(e => e.GetInt64()).ToArray(), Shape(t)),
        var d => throw new NotSupportedException($"oracle dtype {d}"),
    };

    /// <summary>Float32 agreement as the oracle README states it: ≈1e-5 relative with a 1e-6 absolute floor.</summary>
    public static void AssertClose(float[] expected, float[] actual, string what, double rtol = 1e-5, double atol = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs(expected[i] - (double)actual[i]);
            if (diff > atol + rtol * Math.Abs(expected[i]))
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (|diff| = {diff:E3})");
        }
    }
}
