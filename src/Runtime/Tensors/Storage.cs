namespace GraphGen;

/// <summary>A flat buffer of elements on one device. Tensors are views into a storage.</summary>
internal abstract class Storage
{
    public abstract Device Device { get; }

    public abstract DType DType { get; }

    public abstract int Length { get; }

    /// <summary>
    /// Bumped by every in-place write (PyTorch's version counter): a backward that reads a tensor it
    /// saved checks the version is unchanged, instead of silently using overwritten values.
    /// </summary>
    public int Version;
}

/// <summary>Storage in managed memory: a typed array (float[], double[], long[], int[] or bool[]).</summary>
internal sealed class CpuStorage : Storage
{
    public CpuStorage(Array data, DType dtype)
    {
        Data = data;
        DType = dtype;
    }

    public Array Data { get; }

    public override Device Device => Device.Cpu;

    public override DType DType { get; }

    public override int Length => Data.Length;

    public static CpuStorage Allocate(DType dtype, int length, bool clear = true)
    {
        Array data = dtype switch
        {
            DType.Float32 => clear ? new float[length] : GC.AllocateUninitializedArray<float>(length),
            DType.Float64 => clear ? new double[length] : GC.AllocateUninitializedArray<double>(length),
            DType.Int64 => clear ? new long[length] : GC.AllocateUninitializedArray<long>(length),
            DType.Int32 => clear ? new int[length] : GC.AllocateUninitializedArray<int>(length),
            _ => new bool[length],
        };
        return new CpuStorage(data, dtype);
    }
}
