namespace GraphGen.Serialization;

/// <summary>One tensor as a safetensors header describes it; offsets are relative to the data section.</summary>
internal readonly record struct SafetensorsEntry(string Name, DType DType, int[] Shape, long Begin, long End);
