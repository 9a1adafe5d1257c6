using System.Buffers.Binary;
using System.Numerics;

namespace GraphGen.Monitoring;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum TFRecord framing uses.
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> is the CPU's CRC32C instruction (SSE4.2 or ARMv8)
/// where present and .NET's own table otherwise; it updates a running value without the
/// standard initial and final inversion, which this adds.
/// </summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = ~0u;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }
        foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }
}
