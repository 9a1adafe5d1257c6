using ILGPU.Runtime;

namespace GraphGen.Gpu;

/// <summary>One CUDA device as the runtime drives it: its accelerator, the stream every op is queued on, its buffer pool and loaded kernels.</summary>
internal sealed class GpuDevice
{
    private readonly Dictionary<(System.Reflection.MethodInfo, Type), Delegate> _kernels = [];

    public GpuDevice(Device device, Accelerator accelerator)
    {
        Device = device;
        Accelerator = accelerator;
        Stream = accelerator.CreateStream();
        Pool = new GpuBufferPool(accelerator);
    }

    public Device Device { get; }

    public Accelerator Accelerator { get; }

    /// <summary>The one stream of this device: ops run in the order they are issued, copies to the host wait for it.</summary>
    public AcceleratorStream Stream { get; }

    public GpuBufferPool Pool { get; }

    /// <summary>
    /// The loaded form of a kernel (compiled for this accelerator once, then cached): <paramref name="load"/>
    /// turns the kernel into a launcher, e.g. <c>static (a, k) =&gt; a.LoadAutoGroupedKernel(k)</c>. The kernel comes
    /// as <paramref name="kernel"/> rather than captured by <paramref name="load"/>, so a launch allocates no closure.
    /// </summary>
    public TLauncher Kernel<TKernel, TLauncher>(System.Reflection.MethodInfo method, TKernel kernel, Func<Accelerator, TKernel, TLauncher> load) where TLauncher : Delegate
    {
        var key = (method, typeof(TLauncher));
        lock (_kernels)
        {
            if (!_kernels.TryGetValue(key, out var launcher)) _kernels[key] = launcher = load(Accelerator, kernel);
            return (TLauncher)launcher;
        }
    }
}
