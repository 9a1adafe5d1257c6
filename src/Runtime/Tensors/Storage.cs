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

    /// <summary>
    /// A zeroed (or, with <paramref name="clear"/> false, uninitialised) buffer. When memory runs out the error
    /// names the byte count, as PyTorch's allocator does, and the shape when the caller passes it.
    /// </summary>
    public static CpuStorage Allocate(DType dtype, int length, ReadOnlySpan<int> shape = default, bool clear = true)
    {
        dtype.CheckDefined(nameof(dtype));
        try
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
        catch (OutOfMemoryException e)
        {
            long bytes = (long)length * dtype.ElementSize();
            string of = shape.IsEmpty && length != 1 ? "" : $" for a tensor of shape {Shape.Format(shape)}";
            throw new OutOfMemoryException($"CPU: not enough memory: you tried to allocate {bytes} bytes{of} ({length} elements of {dtype.TorchName()}).", e);
        }
    }
}
