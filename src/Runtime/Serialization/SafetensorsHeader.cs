using System.Text;
using System.Text.Json;

namespace GraphGen.Serialization;

/// <summary>
/// Parses and validates a safetensors JSON header against the size of the data section, before anything
/// is allocated for the tensors: every check that could otherwise lead to a huge allocation or an
/// out-of-range read happens here.
/// </summary>
internal static class SafetensorsHeader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static (List<SafetensorsEntry> Entries, Dictionary<string, string> Metadata) Parse(ReadOnlySpan<byte> header, long dataLength, string file,
        HalfPrecision halfPrecision = HalfPrecision.ToFloat32)
    {
        try
        {
            StrictUtf8.GetCharCount(header);
        }
        catch (DecoderFallbackException e)
        {
            throw Error(file, $"the header is not valid UTF-8 (bad byte at offset {8 + e.Index})", e);
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Error(file, $"the header is not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Error(file, $"the header must be a JSON object but is a {doc.RootElement.ValueKind}");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var entries = new List<SafetensorsEntry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw Error(file, $"the header has the key '{property.Name}' twice");
                if (property.Name == "__metadata__") ReadMetadata(property.Value, metadata, file);
                else entries.Add(ReadEntry(property.Name, property.Value, dataLength, file, halfPrecision));
            }
            CheckCoverage(entries, dataLength, file);
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string file)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(file, $"'__metadata__' must be an object of strings but is a {value.ValueKind}");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Error(file, $"'__metadata__' entry '{item.Name}' must be a string but is a {item.Value.ValueKind}");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw Error(file, $"'__metadata__' has the key '{item.Name}' twice");
        }
    }

    private static SafetensorsEntry ReadEntry(string name, JsonElement value, long dataLength, string file, HalfPrecision halfPrecision)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(file, $"tensor '{name}' must be described by an object with dtype, shape and data_offsets, but is a {value.ValueKind}");
        if (!value.TryGetProperty("dtype", out var dtypeJson) || dtypeJson.ValueKind != JsonValueKind.String)
            throw Error(file, $"tensor '{name}' has no string 'dtype'");
        var (dtype, stored) = ParseFileDType(dtypeJson.GetString()!, name, file, halfPrecision);

        if (!value.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array)
            throw Error(file, $"tensor '{name}' has no 'shape' array");
        var shape = new int[shapeJson.GetArrayLength()];
        long count = 1;
        int d = 0;
        foreach (var dim in shapeJson.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long size) || size < 0)
                throw Error(file, $"tensor '{name}' has shape entry {d} = {dim.GetRawText()}; sizes must be non-negative integers");
            if (size > int.MaxValue)
                throw Error(file, $"tensor '{name}' has dimension {d} of size {size}, more than GraphGen's limit of {int.MaxValue}");
            shape[d++] = (int)size;
            count = count == 0 || size == 0 ? 0 : (count > long.MaxValue / size ? -1 : count * size);
            if (count < 0 || count > int.MaxValue)
                throw Error(file, $"tensor '{name}' has shape {Shape.Format(shape.AsSpan(0, d))}... whose element count overflows GraphGen's limit of {int.MaxValue}");
        }

        if (!value.TryGetProperty("data_offsets", out var offsetsJson) || offsetsJson.ValueKind != JsonValueKind.Array || offsetsJson.GetArrayLength() != 2)
            throw Error(file, $"tensor '{name}' needs 'data_offsets' as an array [begin, end]");
        long begin = Offset(offsetsJson[0], name, "begin", file), end = Offset(offsetsJson[1], name, "end", file);
        if (end < begin)
            throw Error(file, $"tensor '{name}' has data_offsets [{begin}, {end}] with end before begin");
        if (end > dataLength)
            throw Error(file, $"tensor '{name}' has data_offsets [{begin}, {end}] past the end of the data section ({dataLength} bytes)");
        var entry = new SafetensorsEntry(name, dtype, shape, begin, end, stored);
        long expected = count * entry.FileElementSize;
        if (end - begin != expected)
            throw Error(file, $"tensor '{name}' has shape {Shape.Format(shape)} and dtype {entry.FileDType}, which need {expected} bytes, but data_offsets [{begin}, {end}] span {end - begin}");
        return entry;
    }

    private static long Offset(JsonElement e, string name, string which, string file)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long v) || v < 0)
            throw Error(file, $"tensor '{name}' has data_offsets {which} = {e.GetRawText()}; offsets must be non-negative integers");
        return v;
    }

    /// <summary>The tensor's dtype and how the file stores it: F16 and BF16 become float32 tensors, unless refused.</summary>
    private static (DType DType, SafetensorsFloat Stored) ParseFileDType(string name, string tensor, string file, HalfPrecision halfPrecision)
    {
        if (name is not ("F16" or "BF16")) return (ParseDType(name, tensor, file), SafetensorsFloat.F32);
        if (halfPrecision == HalfPrecision.Refuse)
            throw Error(file, $"tensor '{tensor}' has dtype '{name}' (half precision), which this load refuses (HalfPrecision.Refuse); load with HalfPrecision.ToFloat32 to widen it to float32");
        return (DType.Float32, name == "F16" ? SafetensorsFloat.F16 : SafetensorsFloat.BF16);
    }

    internal static DType ParseDType(string name, string tensor, string file) => name switch
    {
        "F32" => DType.Float32,
        "F64" => DType.Float64,
        "I64" => DType.Int64,
        "I32" => DType.Int32,
        "BOOL" => DType.Bool,
        _ => throw Error(file, $"tensor '{tensor}' has dtype '{name}', which GraphGen does not support (supported: F32, F64, I64, I32, BOOL, and F16 and BF16 widened to float32)"),
    };

    /// <summary>The tensors must tile the data section exactly: no overlaps, no holes, nothing after the last one.</summary>
    private static void CheckCoverage(List<SafetensorsEntry> entries, long dataLength, string file)
    {
        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToArray();
        long position = 0;
        string? previous = null;
        foreach (var e in sorted)
        {
            if (e.Begin < position)
                throw Error(file, $"tensor '{e.Name}' (data_offsets [{e.Begin}, {e.End}]) overlaps tensor '{previous}', which ends at {position}");
            if (e.Begin > position)
                throw Error(file, $"the data section has a hole: bytes {position}..{e.Begin} belong to no tensor (before tensor '{e.Name}')");
            position = e.End;
            previous = e.Name;
        }
        if (position != dataLength)
            throw Error(file, $"the data section is {dataLength} bytes but the tensors cover only {position}; bytes {position}..{dataLength} belong to no tensor");
    }

    internal static SafetensorsFormatException Error(string file, string problem, Exception? inner = null)
        => inner is null ? new($"'{file}' is not a valid safetensors file: {problem}.") : new($"'{file}' is not a valid safetensors file: {problem}.", inner);
}
