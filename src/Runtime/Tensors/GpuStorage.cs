using System.Runtime.InteropServices;
using GraphGen.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen;

/// <summary>
/// Storage in device memory: one ILGPU buffer of float, double, long, int or byte (bool) elements on a
/// CUDA device, rented from that device's pool.
/// </summary>
/// <remarks>
/// Release is deterministic where it matters: a storage created inside a <see cref="GpuScope"/> is
/// released when the scope ends; a gradient that autograd stored in <see cref="Tensor.Grad"/> is released
/// when the gradient is replaced or cleared. Only storages created outside any scope (parameters, data)
/// fall back to the finalizer, which hands the buffer back to the pool on the next allocation instead of
/// touching the device from the finalizer thread. Reading a released storage throws.
/// </remarks>
internal sealed class GpuStorage : Storage
{
    private MemoryBuffer? _buffer;
    private readonly GpuDevice _device;

    private GpuStorage(GpuDevice device, MemoryBuffer buffer, DType dtype, int length)
    {
        _device = device;
        _buffer = buffer;
        DType = dtype;
        Length = length;
        if (GpuScope.Current is { } scope) scope.Adopt(this);
    }

    ~GpuStorage()
    {
        if (_buffer is { } b) _device.Pool.ReturnFromFinalizer(b, ElementType(DType));
    }

    public override Device Device => _device.Device;

    public override DType DType { get; }

    public override int Length { get; }

    internal GpuDevice GpuDevice => _device;

    /// <summary>The scope that will release this storage, or null (owned by a gradient slot, or by the GC).</summary>
    internal GpuScope? Scope { get; set; }

    /// <summary>Set when autograd stored this storage as a leaf's gradient: released when that gradient is replaced.</summary>
    internal bool OwnedByGradient { get; set; }

    public bool IsReleased => _buffer is null;

    /// <summary>Autograd stored this storage as a gradient: no scope releases it; replacing the gradient does.</summary>
    public void AdoptAsGradient()
    {
        Scope = null;
        OwnedByGradient = true;
    }

    /// <summary>Takes this storage out of any scope (optimizer state, which lives as long as its optimizer).</summary>
    public void Persist() => Scope = null;

    /// <summary>Allocates <paramref name="length"/> elements on <paramref name="device"/>, zeroed when <paramref name="clear"/>.</summary>
    public static GpuStorage Allocate(Device device, DType dtype, int length, bool clear = true)
    {
        var gpu = GpuRuntime.GetDevice(device);
        MemoryBuffer buffer = dtype switch
        {
            DType.Float32 => gpu.Pool.Rent<float>(length),
            DType.Float64 => gpu.Pool.Rent<double>(length),
            DType.Int64 => gpu.Pool.Rent<long>(length),
            DType.Int32 => gpu.Pool.Rent<int>(length),
            _ => gpu.Pool.Rent<byte>(length),
        };
        var storage = new GpuStorage(gpu, buffer, dtype, length);
        if (clear) storage.Clear();
        return storage;
    }

    /// <summary>Sets every element to zero (queued on the device's stream).</summary>
    public void Clear()
    {
        var stream = _device.Stream;
        switch (DType)
        {
            case DType.Float32: View<float>().MemSetToZero(stream); break;
            case DType.Float64: View<double>().MemSetToZero(stream); break;
            case DType.Int64: View<long>().MemSetToZero(stream); break;
            case DType.Int32: View<int>().MemSetToZero(stream); break;
            default: View<byte>().MemSetToZero(stream); break;
        }
    }

    /// <summary>The elements as a typed device view (bool storage is viewed as byte).</summary>
    public ArrayView<T> View<T>() where T : unmanaged
    {
        var buffer = _buffer ?? throw Released();
        if (buffer is not MemoryBuffer1D<T, Stride1D.Dense> typed)
            throw new InvalidOperationException($"GPU storage of dtype {DType.TorchName()} read as {typeof(T).Name}.");
        return typed.View.SubView(0, Length);
    }

    /// <summary>Copies <paramref name="count"/> host elements from <paramref name="offset"/> of an array of this storage's element type into it.</summary>
    public void CopyFromHost(Array data, int offset, int count)
    {
        switch (data)
        {
            case float[] f: View<float>().SubView(0, count).CopyFromCPU(_device.Stream, f.AsSpan(offset, count)); break;
            case double[] d: View<double>().SubView(0, count).CopyFromCPU(_device.Stream, d.AsSpan(offset, count)); break;
            case long[] l: View<long>().SubView(0, count).CopyFromCPU(_device.Stream, l.AsSpan(offset, count)); break;
            case int[] i: View<int>().SubView(0, count).CopyFromCPU(_device.Stream, i.AsSpan(offset, count)); break;
            case bool[] b: View<byte>().SubView(0, count).CopyFromCPU(_device.Stream, MemoryMarshal.Cast<bool, byte>(b.AsSpan(offset, count))); break;
            default: throw new NotSupportedException($"GPU storage: cannot copy host data of type {data.GetType().Name}.");
        }
    }

    /// <summary>The whole storage copied to a host array of its dtype (waits for queued work).</summary>
    public Array CopyToHost()
    {
        var host = CpuStorage.Allocate(DType, Length, clear: false).Data;
        switch (host)
        {
            case float[] f: View<float>().CopyToCPU(_device.Stream, f); break;
            case double[] d: View<double>().CopyToCPU(_device.Stream, d); break;
            case long[] l: View<long>().CopyToCPU(_device.Stream, l); break;
            case int[] i: View<int>().CopyToCPU(_device.Stream, i); break;
            case bool[] b:
                var bytes = new byte[Length];
                View<byte>().CopyToCPU(_device.Stream, bytes);
                for (int k = 0; k < bytes.Length; k++) b[k] = bytes[k] != 0;
                break;
        }
        _device.Stream.Synchronize();
        return host;
    }

    /// <summary>Returns the buffer to the pool now. Idempotent.</summary>
    public void Release()
    {
        var buffer = _buffer;
        if (buffer is null) return;
        _buffer = null;
        GC.SuppressFinalize(this);
        _device.Pool.Return(buffer, ElementType(DType));
    }

    /// <summary>The device element type of a dtype (bool is stored as byte).</summary>
    internal static Type ElementType(DType dtype) => dtype switch
    {
        DType.Float32 => typeof(float),
        DType.Float64 => typeof(double),
        DType.Int64 => typeof(long),
        DType.Int32 => typeof(int),
        _ => typeof(byte),
    };

    private InvalidOperationException Released() => new(
        $"This {DType.TorchName()} tensor on {Device} has been released: its GpuScope ended (or, for a gradient, it was replaced or cleared by ZeroGrad). " +
        "Keep a tensor past its step with scope.Keep(tensor), or copy it with .To(Device.Cpu) inside the scope.");
}
