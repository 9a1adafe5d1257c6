namespace GraphGen.Serialization;

/// <summary>
/// One tensor as a safetensors header describes it; offsets are relative to the data section. <see cref="Stored"/>:
/// how a float32 tensor's elements are in the file (F16 and BF16 are widened on loading).
/// </summary>
internal readonly record struct SafetensorsEntry(string Name, DType DType, int[] Shape, long Begin, long End, SafetensorsFloat Stored = SafetensorsFloat.F32)
{
    /// <summary>The bytes of one element in the file.</summary>
    public int FileElementSize => Stored == SafetensorsFloat.F32 ? DType.ElementSize() : 2;

    /// <summary>The dtype as the file names it.</summary>
    public string FileDType => Stored == SafetensorsFloat.F32 ? DType.SafetensorsName() : Stored.ToString();
}
