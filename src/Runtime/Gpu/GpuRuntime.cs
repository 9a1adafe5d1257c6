using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace GraphGen.Gpu;

/// <summary>
/// The small, explicit ILGPU runtime behind <see cref="Device.Cuda"/>: one process-wide ILGPU
/// <see cref="Context"/> (created on first use), one accelerator per CUDA device (created the first
/// time a tensor is put on it), one stream per accelerator on which every copy and kernel runs in
/// order, and a per-device buffer pool (see <see cref="Scope"/> for when memory is released).
/// </summary>
/// <remarks>
/// <para>
/// Without a CUDA GPU, <see cref="Device.Cuda"/> stays unavailable (a clear error on use) — unless
/// emulation is switched on with <see cref="UseCpuAcceleratorForTesting"/> or the environment variable
/// <c>GRAPHGEN_GPU_EMULATE=1</c>. Emulation backs "cuda:0" with ILGPU's <c>CPUAccelerator</c>: the same
/// kernels, run by a slow, single-process debugging emulator. It exists so CI can check the GPU code
/// paths against the CPU backend; it is never a fast path and is never chosen silently.
/// </para>
/// <para>Not thread-safe for concurrent ops on one device: like a CUDA stream, one device is driven by one thread at a time.</para>
/// </remarks>
public static class GpuRuntime
{
    /// <summary>The environment variable that turns on CPU-accelerator emulation of "cuda:0" (value <c>1</c>).</summary>
    public const string EmulationVariable = "GRAPHGEN_GPU_EMULATE";

    private static readonly Lock s_lock = new();
    private static Context? s_context;
    private static int s_cudaDeviceCount = -1;
    private static bool s_emulate = Environment.GetEnvironmentVariable(EmulationVariable) == "1";
    private static GpuDevice?[] s_devices = [];

    /// <summary>True when "cuda" tensors are backed by ILGPU's CPU accelerator (testing only).</summary>
    public static bool IsEmulated => s_emulate;

    /// <summary>
    /// Backs "cuda:0" with ILGPU's CPU accelerator, for tests on machines without a GPU. Must be called
    /// before any CUDA tensor exists. This is emulation: correct, and thousands of times slower than a GPU.
    /// </summary>
    public static void UseCpuAcceleratorForTesting()
    {
        lock (s_lock)
        {
            if (s_emulate) return;
            if (s_devices.Any(d => d is not null))
                throw new InvalidOperationException("UseCpuAcceleratorForTesting must be called before the first CUDA tensor is created.");
            s_emulate = true;
        }
    }

    /// <summary>The process-wide ILGPU context (created on first use, with the CUDA and CPU backends).</summary>
    public static Context Context
    {
        get
        {
            if (s_context is { } c) return c;
            lock (s_lock)
            {
                // No LibDevice: kernels use only PTX-native math (see GpuMath), so the same PTX runs
                // with or without a CUDA toolkit on the machine.
                return s_context ??= Context.Create(b => b.Cuda().CPU());
            }
        }
    }

    /// <summary>Number of devices that "cuda:N" can name: the CUDA GPUs ILGPU finds, or 1 under emulation.</summary>
    public static int DeviceCount => s_emulate ? 1 : CudaDeviceCountIgnoringEmulation;

    /// <summary>The CUDA GPUs ILGPU finds on this machine (0 without a driver), whether or not emulation is on.</summary>
    public static int CudaDeviceCountIgnoringEmulation
    {
        get
        {
            if (s_cudaDeviceCount >= 0) return s_cudaDeviceCount;
            int count;
            try { count = Context.GetCudaDevices().Count; }
            catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or InvalidOperationException)
            {
                count = 0; // no CUDA driver: no devices
            }
            return s_cudaDeviceCount = count;
        }
    }

    /// <summary>
    /// Opens a scope that releases, when disposed, the device memory of every CUDA tensor created inside it
    /// on this thread (intermediates, activations, the loss), returning it to the device's pool for reuse.
    /// Open one per training step: <c>using (GpuRuntime.Scope()) { loss = ...; loss.Backward(); opt.Step(); }</c>.
    /// </summary>
    /// <remarks>
    /// Kept alive past the scope: tensors passed to <see cref="GpuScope.Keep"/>, gradients that autograd
    /// stores in <see cref="Tensor.Grad"/> (owned by their tensor and released when it is replaced or
    /// cleared, e.g. by <c>ZeroGrad</c>), and optimizer state. Reading a released tensor throws. Tensors
    /// created outside every scope (parameters, datasets) live until the garbage collector finalizes them;
    /// a training loop with a step scope never depends on that.
    /// </remarks>
    public static GpuScope Scope() => GpuScope.Open();

    /// <summary>Waits until every queued copy and kernel on every created device has finished.</summary>
    public static void Synchronize()
    {
        foreach (var d in s_devices) d?.Stream.Synchronize();
    }

    /// <summary>Bytes of device memory GraphGen holds on <paramref name="device"/>: in live tensors and cached in the pool.</summary>
    public static GpuMemoryStats MemoryStats(Device device) => GetDevice(device).Pool.Stats;

    /// <summary>The accelerator's name, e.g. "NVIDIA H100 80GB HBM3" (or "CPUAccelerator" under emulation).</summary>
    public static string DeviceName(Device device) => GetDevice(device).Accelerator.Name;

    /// <summary>Frees the pool's cached (unused) buffers on every device (PyTorch's <c>torch.cuda.empty_cache()</c>).</summary>
    public static void EmptyCache()
    {
        foreach (var d in s_devices)
        {
            if (d is null) continue;
            d.Stream.Synchronize(); // queued kernels may still read pooled buffers
            d.Pool.EmptyCache();
        }
    }

    /// <summary>The device state for a CUDA device, creating its accelerator and stream on first use.</summary>
    internal static GpuDevice GetDevice(Device device)
    {
        if (device.Type != DeviceType.Cuda)
            throw new ArgumentException($"GPU runtime: {device} is not a CUDA device.", nameof(device));
        device.EnsureAvailable();
        var devices = s_devices;
        if (device.Index < devices.Length && devices[device.Index] is { } existing) return existing;
        lock (s_lock)
        {
            if (s_devices.Length <= device.Index) Array.Resize(ref s_devices, device.Index + 1);
            return s_devices[device.Index] ??= new GpuDevice(device, CreateAccelerator(device.Index));
        }
    }

    private static Accelerator CreateAccelerator(int index)
    {
        if (s_emulate)
        {
            // 64 threads: the largest group any kernel uses (the GEMM's 8x8, the sum's 64). Every emulated
            // thread is an OS thread, so more would only load the machine.
            var emulated = new CPUDevice(numThreadsPerWarp: 16, numWarpsPerMultiprocessor: 4, numMultiprocessors: 1);
            return emulated.CreateCPUAccelerator(Context, CPUAcceleratorMode.Parallel);
        }
        return Context.GetCudaDevices()[index].CreateCudaAccelerator(Context);
    }
}
