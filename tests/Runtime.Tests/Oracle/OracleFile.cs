using System.Collections.Concurrent;
using System.Text.Json;

namespace GraphGen.Tests.Oracle;

/// <summary>
/// One of the libtorch reference files in this folder (schema: ../shared/oracle/README.md, beside the repository).
/// Load by file name; cases are enumerated in file order and looked up by name. Loaded files are
/// cached, so many [Theory] rows share one parse.
/// </summary>
public sealed class OracleFile
{
    private static readonly ConcurrentDictionary<string, OracleFile> s_cache = new();

    private readonly Dictionary<string, OracleCase> _byName;

    private OracleFile(string source, IReadOnlyList<OracleCase> cases)
    {
        Source = source;
        Cases = cases;
        _byName = cases.ToDictionary(c => c.Name);
    }

    /// <summary>Where the numbers came from ("libtorch 2.10.0 via TorchSharp 0.107.0").</summary>
    public string Source { get; }

    public IReadOnlyList<OracleCase> Cases { get; }

    public OracleCase this[string caseName] => _byName.TryGetValue(caseName, out var c)
        ? c
        : throw new KeyNotFoundException($"No case '{caseName}' in the oracle file; it has: {string.Join(", ", _byName.Keys)}.");

    /// <summary>Loads <paramref name="fileName"/> (e.g. "ops.json") from the test output's Oracle folder.</summary>
    public static OracleFile Load(string fileName) => s_cache.GetOrAdd(fileName, Parse);

    /// <summary>xunit MemberData rows: one case name per row, optionally only the cases whose op is in <paramref name="ops"/>.</summary>
    public static IEnumerable<object[]> CaseNames(string fileName, params string[] ops)
        => Load(fileName).Cases.Where(c => ops.Length == 0 || ops.Contains(c.Op)).Select(c => new object[] { c.Name });

    private static OracleFile Parse(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Oracle", fileName);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        var cases = new List<OracleCase>();
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            cases.Add(new OracleCase(
                c.GetProperty("name").GetString()!,
                c.GetProperty("op").GetString()!,
                c.TryGetProperty("args", out var args) ? args.Clone() : default,
                Tensors(c, "inputs"),
                Tensors(c, "outputs"),
                Tensors(c, "grads"),
                c.TryGetProperty("grads_unavailable", out var gu)
                    ? gu.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString())
                    : new Dictionary<string, string>()));
        }
        return new OracleFile(root.GetProperty("source").GetString() ?? "", cases);
    }

    private static Dictionary<string, OracleTensor> Tensors(JsonElement c, string property)
    {
        var result = new Dictionary<string, OracleTensor>();
        if (!c.TryGetProperty(property, out var group)) return result;
        foreach (var p in group.EnumerateObject())
        {
            var shape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            string dtype = p.Value.GetProperty("dtype").GetString()!;
            var data = p.Value.GetProperty("data");
            result[p.Name] = dtype == "int64"
                ? new OracleTensor(shape, dtype, data.EnumerateArray().Select(e => (double)e.GetInt64()).ToArray(), data.EnumerateArray().Select(e => e.GetInt64()).ToArray())
                : new OracleTensor(shape, dtype, data.EnumerateArray().Select(e => e.GetDouble()).ToArray(), null);
        }
        return result;
    }
}

/// <summary>One reference case: op name, PyTorch-named args, input/output/gradient tensors.</summary>
public sealed record OracleCase(
    string Name,
    string Op,
    JsonElement Args,
    IReadOnlyDictionary<string, OracleTensor> Inputs,
    IReadOnlyDictionary<string, OracleTensor> Outputs,
    IReadOnlyDictionary<string, OracleTensor> Grads,
    IReadOnlyDictionary<string, string> GradsUnavailable)
{
    public bool HasArg(string name) => Args.ValueKind == JsonValueKind.Object && Args.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public int IntArg(string name) => Args.GetProperty(name).GetInt32();

    public double DoubleArg(string name) => Args.GetProperty(name).GetDouble();

    public bool BoolArg(string name) => Args.GetProperty(name).GetBoolean();

    public string StringArg(string name) => Args.GetProperty(name).GetString()!;

    public int[] IntArrayArg(string name) => Args.GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>The named input as a fresh tensor (float32 inputs require grad when <paramref name="requiresGrad"/>).</summary>
    public Tensor Input(string name, bool requiresGrad = false)
    {
        var t = Inputs.TryGetValue(name, out var o) ? o.ToTensor() : throw new KeyNotFoundException($"Case '{Name}' has no input '{name}' (inputs: {string.Join(", ", Inputs.Keys)}).");
        return requiresGrad && t.DType.IsFloating() ? t.RequiresGrad_() : t;
    }

    /// <summary>
    /// Runs <paramref name="forward"/> on fresh copies of the inputs (float32 inputs that have reference
    /// grads require grad), compares every output (in the file's order, matched by position), then
    /// differentiates the first output — plainly if it is a scalar, else with <c>upstream</c> as the
    /// gradient, i.e. d sum(output * upstream) — and compares every reference gradient.
    /// </summary>
    public void AssertMatches(Func<IReadOnlyDictionary<string, Tensor>, Tensor[]> forward, double rtol = 1e-5, double atol = 1e-6)
    {
        var inputs = Inputs.Keys.Where(k => k != "upstream").ToDictionary(k => k, k => Input(k, requiresGrad: Grads.ContainsKey(k)));
        var outputs = forward(inputs);
        var expected = Outputs.ToArray();
        Assert.True(outputs.Length >= expected.Length, $"{Name}: the op gave {outputs.Length} outputs but the oracle has {expected.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            var (name, reference) = expected[i];
            if (reference.DType == "int64")
                Assert.Equal(reference.Int64Data!, outputs[i].ToArray<long>());
            reference.AssertClose(outputs[i], $"{Name} output '{name}'", rtol, atol);
        }
        if (Grads.Count == 0) return;

        var first = outputs[0];
        if (Inputs.TryGetValue("upstream", out var upstream)) first.Backward(upstream.ToTensor(first.DType));
        else first.Backward();
        foreach (var (name, reference) in Grads)
        {
            var grad = inputs[name].Grad;
            Assert.True(grad is not null, $"{Name}: input '{name}' got no gradient.");
            reference.AssertClose(grad!, $"{Name} grad of '{name}'", rtol, atol);
        }
    }

    public override string ToString() => Name;
}

/// <summary>A tensor as the oracle stores it: shape, dtype name ("float32" | "int64") and flat row-major data.</summary>
public sealed record OracleTensor(int[] Shape, string DType, double[] Data, long[]? Int64Data)
{
    /// <summary>A new GraphGen tensor with these values, as float32/int64 (or converted to <paramref name="dtype"/>).</summary>
    public Tensor ToTensor(GraphGen.DType? dtype = null)
    {
        var t = Int64Data is { } longs
            ? Tensor.From<long>(longs, Shape)
            : Tensor.From<float>(Data.Select(d => (float)d).ToArray(), Shape);
        return dtype is { } d && d != t.DType ? t.To(d) : t;
    }

    /// <summary>
    /// Asserts <paramref name="actual"/> has this shape and, elementwise, |actual - expected| ≤ atol + rtol·|expected|.
    /// The failure message names the first offending index and how many elements are off.
    /// </summary>
    public void AssertClose(Tensor actual, string what, double rtol = 1e-5, double atol = 1e-6)
    {
        Assert.True(actual.Shape.SequenceEqual(Shape),
            $"{what}: expected shape {GraphGen.Shape.Format(Shape)} but got {actual.Shape}.");
        var got = actual.ToArray<double>();
        int bad = 0, first = -1;
        double worst = 0;
        for (int i = 0; i < got.Length; i++)
        {
            // float32 references are written in shortest round-trip form: compare as float32 values.
            double e = DType == "float32" ? (float)Data[i] : Data[i];
            double a = DType == "float32" ? (float)got[i] : got[i];
            double err = Math.Abs(a - e);
            bool ok = err <= atol + rtol * Math.Abs(e) || (double.IsNaN(e) && double.IsNaN(a)) || a == e;
            if (ok) continue;
            bad++;
            if (first < 0) first = i;
            worst = Math.Max(worst, err / (atol + rtol * Math.Abs(e)));
        }
        Assert.True(bad == 0,
            $"{what}: {bad} of {got.Length} elements differ beyond rtol={rtol}, atol={atol} (worst {worst:F1}x the tolerance); " +
            (first >= 0 ? $"first at flat index {first}: expected {Data[first]:R}, got {got[first]:R}." : ""));
    }
}
