using System.Text.Json;

namespace GraphGen.Integration.Support;

/// <summary>Reads a case of a libtorch oracle file (Oracle/*.json; schema in the oracle README) as named tensors.</summary>
public sealed record OracleCase(string Name, Dictionary<string, Tensor> Inputs, Dictionary<string, Tensor> Outputs, Dictionary<string, Tensor> Grads)
{
    public static OracleCase Load(string file, string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Oracle", file)));
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            if (c.GetProperty("name").GetString() != name) continue;
            return new OracleCase(name, Tensors(c, "inputs"), Tensors(c, "outputs"), Tensors(c, "grads"));
        }

        throw new KeyNotFoundException($"{file} has no case '{name}'.");
    }

    private static Dictionary<string, Tensor> Tensors(JsonElement c, string property)
    {
        var result = new Dictionary<string, Tensor>();
        if (!c.TryGetProperty(property, out var group)) return result;
        foreach (var p in group.EnumerateObject())
        {
            var shape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var data = p.Value.GetProperty("data");
            result[p.Name] = p.Value.GetProperty("dtype").GetString() == "int64"
                ? Tensor.From<long>(data.EnumerateArray().Select(e => e.GetInt64()).ToArray(), shape)
                : Tensor.From<float>(data.EnumerateArray().Select(e => e.GetSingle()).ToArray(), shape);
        }

        return result;
    }
}
