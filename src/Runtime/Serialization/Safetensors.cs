using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace GraphGen.Serialization;

/// <summary>
/// Reads and writes Hugging Face's safetensors format, so state dicts cross over to and from PyTorch
/// (<c>safetensors.torch.save_file/load_file</c>) with PyTorch's key names.
/// </summary>
/// <remarks>
/// Layout: an 8-byte little-endian header length N; N bytes of UTF-8 JSON
/// <c>{"__metadata__": {str: str}, name: {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, …}</c>,
/// padded with spaces to a multiple of 8; then the raw little-endian tensor bytes, offsets relative to the
/// end of the header. Like the reference writer, tensors are laid out by decreasing element size, then by
/// name, so every tensor is aligned (readers accept any order). Loading validates the whole header against
/// the file's size before allocating any tensor, and refuses anything malformed with a
/// <see cref="SafetensorsFormatException"/> that names the problem.
/// </remarks>
public static class Safetensors
{
    /// <summary>The largest header accepted (the reference implementation's limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Test hook: runs before each tensor's bytes are written (per thread), so tests can fail a save midway.</summary>
    [ThreadStatic] internal static Action<string>? t_beforeTensorWrite;

    /// <summary>
    /// Writes <paramref name="tensors"/> (and optional string <paramref name="metadata"/>) to <paramref name="path"/>.
    /// The write is atomic: the file is built under a temporary name in the same directory, flushed to disk, then
    /// moved over <paramref name="path"/>, so a failure never leaves a half-written or damaged file behind.
    /// </summary>
    /// <param name="floats">How float32 tensors are stored: as they are (<see cref="SafetensorsFloat.F32"/>), or in half precision
    /// (<see cref="SafetensorsFloat.F16"/>, <see cref="SafetensorsFloat.BF16"/>, rounded to nearest even) for a file half the size.</param>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null,
        SafetensorsFloat floats = SafetensorsFloat.F32)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        if (!Enum.IsDefined(floats)) throw new ArgumentOutOfRangeException(nameof(floats), floats, "Safetensors.Save: floats must be F32, F16 or BF16.");
        EnsureLittleEndian();
        var layout = Layout(tensors, floats);
        byte[] header = Header(layout, metadata);

        const string doing = "Safetensors.Save: writing";
        IO.FileErrors.RefuseDirectory(path, doing);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var (name, tensor, stored) in layout)
                {
                    t_beforeTensorWrite?.Invoke(name);
                    WriteData(stream, tensor, stored);
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e)
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            if (e is IOException or UnauthorizedAccessException) throw IO.FileErrors.Describe(e, path, doing); // the previous file, if any, is untouched
            throw;
        }
    }

    /// <summary>
    /// Reads every tensor of a safetensors file, in the order the header lists them. F16 and BF16 tensors (PyTorch's
    /// half-precision checkpoints) become float32 tensors, unless <paramref name="halfPrecision"/> refuses them.
    /// </summary>
    public static OrderedDictionary<string, Tensor> Load(string path, HalfPrecision halfPrecision = HalfPrecision.ToFloat32) => Load(path, out _, halfPrecision);

    /// <summary>Reads every tensor and the <c>__metadata__</c> strings (empty if there are none); F16 and BF16 as in <see cref="Load(string, HalfPrecision)"/>.</summary>
    public static OrderedDictionary<string, Tensor> Load(string path, out IReadOnlyDictionary<string, string> metadata, HalfPrecision halfPrecision = HalfPrecision.ToFloat32)
    {
        if (!Enum.IsDefined(halfPrecision)) throw new ArgumentOutOfRangeException(nameof(halfPrecision), halfPrecision, "Safetensors.Load: halfPrecision must be ToFloat32 or Refuse.");
        ArgumentException.ThrowIfNullOrEmpty(path);
        EnsureLittleEndian();
        const string doing = "Safetensors.Load: reading";
        IO.FileErrors.RefuseDirectory(path, doing);
        (var tensors, metadata) = IO.FileErrors.Run(path, doing, () => Read(path, halfPrecision));
        return tensors;
    }

    private static (OrderedDictionary<string, Tensor>, IReadOnlyDictionary<string, string>) Read(string path, HalfPrecision halfPrecision)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw SafetensorsHeader.Error(path, $"it is {fileLength} bytes long, shorter than the 8-byte header length that starts every safetensors file");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes)
            throw SafetensorsHeader.Error(path, $"the header length {headerLength} is over the {MaxHeaderBytes}-byte limit");
        if ((long)headerLength > fileLength - 8)
            throw SafetensorsHeader.Error(path, $"the header length {headerLength} goes past the end of the file ({fileLength} bytes, {fileLength - 8} after the length)");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataStart = 8 + (long)headerLength;
        var (entries, meta) = SafetensorsHeader.Parse(header, fileLength - dataStart, path, halfPrecision);

        var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var storage = CpuStorage.Allocate(e.DType, checked((int)((e.End - e.Begin) / e.FileElementSize)), clear: false);
            stream.Position = dataStart + e.Begin;
            ReadData(stream, storage.Data, e, path);
            result.Add(e.Name, new Tensor(storage, e.Shape));
        }
        return (result, meta);
    }

    /// <summary>
    /// The tensors in the reference writer's order (largest element in the file first, then name), each contiguous on
    /// the CPU, with how each is stored (float32 ones as <paramref name="floats"/>).
    /// </summary>
    private static List<(string Name, Tensor Tensor, SafetensorsFloat Stored)> Layout(IReadOnlyDictionary<string, Tensor> tensors, SafetensorsFloat floats)
    {
        var list = new List<(string Name, Tensor Tensor, SafetensorsFloat Stored)>(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("Safetensors.Save: a tensor has an empty name.", nameof(tensors));
            if (name == "__metadata__") throw new ArgumentException("Safetensors.Save: '__metadata__' is reserved for the metadata and cannot name a tensor.", nameof(tensors));
            ArgumentNullException.ThrowIfNull(tensor, $"tensors[\"{name}\"]");
            if (tensor.Device != Device.Cpu)
                throw new ArgumentException($"Safetensors.Save: tensor '{name}' is on {tensor.Device}; move it with .To(Device.Cpu) before saving.", nameof(tensors));
            list.Add((name, tensor.Detach().Contiguous(), tensor.DType == DType.Float32 ? floats : SafetensorsFloat.F32));
        }
        list.Sort((a, b) =>
        {
            int bySize = FileElementSize(b.Tensor, b.Stored).CompareTo(FileElementSize(a.Tensor, a.Stored));
            return bySize != 0 ? bySize : string.CompareOrdinal(a.Name, b.Name);
        });
        return list;
    }

    private static int FileElementSize(Tensor tensor, SafetensorsFloat stored) => stored == SafetensorsFloat.F32 ? tensor.DType.ElementSize() : 2;

    private static byte[] Header(List<(string Name, Tensor Tensor, SafetensorsFloat Stored)> layout, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata) json.WriteString(k, v ?? throw new ArgumentException($"Safetensors.Save: metadata '{k}' is null; metadata values must be strings.", nameof(metadata)));
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor, stored) in layout)
            {
                long bytes = (long)tensor.NumEl * FileElementSize(tensor, stored);
                json.WriteStartObject(name);
                json.WriteString("dtype", stored == SafetensorsFloat.F32 ? tensor.DType.SafetensorsName() : stored.ToString());
                json.WriteStartArray("shape");
                foreach (int d in tensor.ShapeArray) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        // Pad with spaces so the data section starts 8-byte aligned (8 + N is a multiple of 8).
        while (buffer.Length % 8 != 0) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    private static void WriteData(Stream stream, Tensor t, SafetensorsFloat stored)
    {
        var data = ((CpuStorage)t.Storage).Data;
        int n = t.NumEl, o = t.Offset;
        if (stored != SafetensorsFloat.F32)
        {
            var bits = new ushort[n];
            HalfFloatConversion.FromFloat32(((float[])data).AsSpan(o, n), stored, bits);
            stream.Write(MemoryMarshal.AsBytes(bits.AsSpan()));
            return;
        }

        switch (data)
        {
            case float[] f: stream.Write(MemoryMarshal.AsBytes(f.AsSpan(o, n))); break;
            case double[] d: stream.Write(MemoryMarshal.AsBytes(d.AsSpan(o, n))); break;
            case long[] l: stream.Write(MemoryMarshal.AsBytes(l.AsSpan(o, n))); break;
            case int[] i: stream.Write(MemoryMarshal.AsBytes(i.AsSpan(o, n))); break;
            case bool[] b: stream.Write(MemoryMarshal.AsBytes(b.AsSpan(o, n))); break; // .NET bools are one byte, 0 or 1
            default: throw new NotSupportedException($"Safetensors.Save: storage of type {data.GetType().Name} is not supported.");
        }
    }

    private static void ReadData(Stream stream, Array data, SafetensorsEntry e, string path)
    {
        if (e.Stored != SafetensorsFloat.F32)
        {
            var bits = new ushort[data.Length];
            stream.ReadExactly(MemoryMarshal.AsBytes(bits.AsSpan()));
            HalfFloatConversion.ToFloat32(bits, e.Stored, (float[])data);
            return;
        }

        switch (data)
        {
            case float[] f: stream.ReadExactly(MemoryMarshal.AsBytes(f.AsSpan())); break;
            case double[] d: stream.ReadExactly(MemoryMarshal.AsBytes(d.AsSpan())); break;
            case long[] l: stream.ReadExactly(MemoryMarshal.AsBytes(l.AsSpan())); break;
            case int[] i: stream.ReadExactly(MemoryMarshal.AsBytes(i.AsSpan())); break;
            case bool[] b:
                // Read as bytes first: a .NET bool must be 0 or 1, so anything else is refused, not reinterpreted.
                var bytes = MemoryMarshal.AsBytes(b.AsSpan());
                stream.ReadExactly(bytes);
                int bad = bytes.IndexOfAnyExcept((byte)0, (byte)1);
                if (bad >= 0)
                    throw SafetensorsHeader.Error(path, $"BOOL tensor '{e.Name}' has byte {bytes[bad]} at element {bad}; booleans must be 0 or 1");
                break;
        }
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Safetensors files are little-endian; big-endian machines are not supported.");
    }
}
