using System.ComponentModel;
using GraphGen.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen.Compiled.Gpu;

/// <summary>
/// The device buffers of one compiled GPU call, planned for one set of sizes on one device: activations,
/// saved values and gradients (a generated <c>GpuWorkspace</c> derives from this and names them). Buffers
/// are rented from the device's pool once and kept for every call at those sizes; <see cref="Release"/>
/// hands them back (the pool calls it when it drops a workspace). Also the handle every launch goes
/// through: it knows the device and its stream.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GpuWorkspace<TSizes> : Workspace<TSizes> where TSizes : struct, IEquatable<TSizes>
{
    private readonly List<MemoryBuffer1D<float, Stride1D.Dense>> _buffers = [];
    private float[] _host = [];

    protected GpuWorkspace(TSizes sizes, Device device) : base(sizes)
    {
        Device = device;
        Gpu = GpuRuntime.GetDevice(device);
    }

    /// <summary>A workspace dropped with its module hands its buffers back on the pool's next use (never from the finalizer thread).</summary>
    ~GpuWorkspace()
    {
        if (IsReleased) return;
        foreach (var b in _buffers) Gpu.Pool.ReturnFromFinalizer(b, typeof(float));
    }

    /// <summary>The CUDA device the buffers live on.</summary>
    public Device Device { get; }

    internal GpuDevice Gpu { get; }

    /// <summary>True once <see cref="Release"/> has handed the buffers back.</summary>
    public bool IsReleased { get; private set; }

    /// <summary>A device buffer of <paramref name="length"/> floats for this workspace's lifetime (contents undefined until written).</summary>
    protected ArrayView<float> Allocate(long length)
    {
        var buffer = Gpu.Pool.Rent<float>(length);
        _buffers.Add(buffer);
        return buffer.View.SubView(0, length);
    }

    /// <summary>A host array of at least <paramref name="length"/> floats, reused across calls (dropout masks are drawn here).</summary>
    internal Span<float> HostScratch(int length)
    {
        if (_host.Length < length) _host = new float[length];
        return _host.AsSpan(0, length);
    }

    /// <summary>Returns every buffer to the device pool (after queued kernels finish). The workspace is unusable afterwards.</summary>
    public void Release()
    {
        if (IsReleased) return;
        IsReleased = true;
        GC.SuppressFinalize(this);
        Gpu.Stream.Synchronize();
        foreach (var b in _buffers) Gpu.Pool.Return(b, typeof(float));
        _buffers.Clear();
    }
}
