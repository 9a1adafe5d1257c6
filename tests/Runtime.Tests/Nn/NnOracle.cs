using System.Text.Json;

namespace GraphGen.Tests.Nn;

/// <summary>One libtorch reference case from tests/Runtime.Tests/Oracle/*.json (schema in the oracle README).</summary>
public sealed record OracleCase(
    string Name,
    string Op,
    JsonElement Args,
    IReadOnlyDictionary<string, Tensor> Inputs,
    IReadOnlyDictionary<string, Tensor> Outputs,
    IReadOnlyDictionary<string, Tensor> Grads,
    IReadOnlyList<string> GradsUnavailable)
{
    public override string ToString() => Name;

    public string? Reduction => Args.TryGetProperty("reduction", out var r) ? r.GetString() : null;

    public double ArgDouble(string name, double fallback) => Args.TryGetProperty(name, out var v) ? v.GetDouble() : fallback;

    public long ArgLong(string name, long fallback) => Args.TryGetProperty(name, out var v) ? v.GetInt64() : fallback;

    public Tensor? Input(string name) => Inputs.TryGetValue(name, out var t) ? t : null;
}

/// <summary>Loads oracle files and compares tensors with the README's tolerance (≈1e-5 relative, 1e-6 absolute floor).</summary>
public static class NnOracle
{
    private static readonly Dictionary<string, IReadOnlyList<OracleCase>> s_cache = [];

    public static IReadOnlyList<OracleCase> Load(string file)
    {
        lock (s_cache)
        {
            if (s_cache.TryGetValue(file, out var cached)) return cached;
            var path = Path.Combine(AppContext.BaseDirectory, "Oracle", file);
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var cases = new List<OracleCase>();
            foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
            {
                cases.Add(new OracleCase(
                    c.GetProperty("name").GetString()!,
                    c.GetProperty("op").GetString()!,
                    c.GetProperty("args").Clone(),
                    Tensors(c, "inputs"), Tensors(c, "outputs"), Tensors(c, "grads"),
                    c.TryGetProperty("grads_unavailable", out var u) ? u.EnumerateObject().Select(p => p.Name).ToList() : []));
            }
            return s_cache[file] = cases;
        }
    }

    public static OracleCase Case(string file, string name) =>
        Load(file).SingleOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"no case '{name}' in {file}");

    /// <summary>Case names of a file whose op matches, for xunit's MemberData.</summary>
    public static TheoryData<string> Names(string file, string op)
    {
        var data = new TheoryData<string>();
        foreach (var c in Load(file).Where(c => c.Op == op)) data.Add(c.Name);
        return data;
    }

    private static Dictionary<string, Tensor> Tensors(JsonElement c, string property)
    {
        var result = new Dictionary<string, Tensor>();
        if (!c.TryGetProperty(property, out var obj)) return result;
        foreach (var p in obj.EnumerateObject()) result[p.Name] = ToTensor(p.Value);
        return result;
    }

    private static Tensor ToTensor(JsonElement t)
    {
        var shape = t.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var data = t.GetProperty("data");
        return t.GetProperty("dtype").GetString() switch
        {
            "float32" => Tensor.From<float>(data.EnumerateArray().Select(e => e.GetSingle()).ToArray(), shape),
            "int64" => Tensor.From<long>(data.EnumerateArray().Select(e => e.GetInt64()).ToArray(), shape),
            var d => throw new NotSupportedException($"oracle dtype {d}"),
        };
    }

    /// <summary>Asserts equal shapes and |a - e| ≤ atol + rtol·|e| elementwise, naming the first offending element.</summary>
    public static void AssertClose(Tensor expected, Tensor actual, string what, double rtol = 1e-5, double atol = 1e-6)
    {
        Assert.True(expected.Shape.Equals(actual.Shape), $"{what}: expected shape {expected.Shape} but got {actual.Shape}");
        var e = expected.ToArray<double>();
        var a = actual.ToArray<double>();
        for (int i = 0; i < e.Length; i++)
        {
            bool ok = double.IsNaN(e[i]) ? double.IsNaN(a[i]) : Math.Abs(a[i] - e[i]) <= atol + rtol * Math.Abs(e[i]);
            Assert.True(ok, $"{what}: element {i} expected {e[i]:R} but got {a[i]:R} (|diff| {Math.Abs(a[i] - e[i]):E2})");
        }
    }
}
