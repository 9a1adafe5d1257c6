namespace GraphGen.Gpu;

/// <summary>
/// Device memory held by GraphGen's pool on one device: <see cref="BytesInUse"/> backs live tensors,
/// <see cref="BytesCached"/> sits in the pool ready for reuse; their sum is what was allocated from the driver.
/// </summary>
public readonly record struct GpuMemoryStats(long BytesInUse, long BytesCached, int BuffersInUse)
{
    /// <summary>What the pool holds from the driver: bytes in use plus bytes cached.</summary>
    public long BytesAllocated => BytesInUse + BytesCached;
}
