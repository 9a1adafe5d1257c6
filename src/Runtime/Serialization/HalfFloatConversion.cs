using System.Numerics.Tensors;

namespace GraphGen.Serialization;

/// <summary>float32 to and from the 16-bit formats of safetensors files (F16 as <see cref="Half"/>; BF16 as float32's top 16 bits).</summary>
internal static class HalfFloatConversion
{
    public static void ToFloat32(ReadOnlySpan<ushort> bits, SafetensorsFloat format, Span<float> values)
    {
        if (format == SafetensorsFloat.F16)
        {
            TensorPrimitives.ConvertToSingle(System.Runtime.InteropServices.MemoryMarshal.Cast<ushort, Half>(bits), values);
            return;
        }

        for (int i = 0; i < bits.Length; i++) values[i] = BitConverter.UInt32BitsToSingle((uint)bits[i] << 16);
    }

    public static void FromFloat32(ReadOnlySpan<float> values, SafetensorsFloat format, Span<ushort> bits)
    {
        if (format == SafetensorsFloat.F16)
        {
            TensorPrimitives.ConvertToHalf(values, System.Runtime.InteropServices.MemoryMarshal.Cast<ushort, Half>(bits));
            return;
        }

        for (int i = 0; i < values.Length; i++) bits[i] = ToBFloat16(values[i]);
    }

    /// <summary>Round to nearest even, as PyTorch's <c>.to(torch.bfloat16)</c>; NaN stays a (quiet) NaN.</summary>
    private static ushort ToBFloat16(float value)
    {
        uint u = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((u >> 16) | 0x40);
        return (ushort)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
    }
}
