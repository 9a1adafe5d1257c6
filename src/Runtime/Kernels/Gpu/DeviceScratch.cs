using GraphGen.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// A device buffer rented from the device's pool for the launches of one op (an im2col matrix, per-sample weight
/// gradients, per-channel sums). Handing it back right after the launches are queued is safe: whatever rents it next
/// queues its own work on the same stream, after them. An empty length rents nothing.
/// </summary>
internal readonly struct DeviceScratch<T> : IDisposable where T : unmanaged
{
    private readonly GpuDevice? _device;
    private readonly MemoryBuffer1D<T, Stride1D.Dense>? _buffer;

    public DeviceScratch(GpuDevice device, long length)
    {
        if (length == 0) return;
        _device = device;
        _buffer = device.Pool.Rent<T>(length);
        View = _buffer.View.SubView(0, length);
    }

    public ArrayView<T> View { get; }

    public void Dispose()
    {
        if (_buffer is not null) _device!.Pool.Return(_buffer, typeof(T));
    }
}
