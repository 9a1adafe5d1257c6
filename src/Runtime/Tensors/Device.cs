using GraphGen.Gpu;

namespace GraphGen;

/// <summary>
/// Where a tensor's storage lives. <see cref="Cpu"/> is the default. CUDA devices are backed by a
/// GPU runtime when one is present; asking for one where there is none throws a clear error.
/// </summary>
public sealed record Device(DeviceType Type, int Index)
{
    public static readonly Device Cpu = new(DeviceType.Cpu, -1);

    /// <summary>The CUDA device with the given index (PyTorch's <c>torch.device("cuda:0")</c>).</summary>
    public static Device Cuda(int index = 0)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index), index, "A CUDA device index must be 0 or more.");
        return new Device(DeviceType.Cuda, index);
    }

    /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
    public static Device Parse(string name)
    {
        if (name == "cpu") return Cpu;
        if (name == "cuda") return Cuda();
        if (name.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(name.AsSpan(5), out int i) && i >= 0) return Cuda(i);
        throw new ArgumentException($"Unknown device '{name}': expected 'cpu', 'cuda' or 'cuda:N'.", nameof(name));
    }

    /// <summary>Number of CUDA devices visible to GraphGen (0 until a GPU backend is registered).</summary>
    public static int CudaDeviceCount => GpuBackend.Current?.DeviceCount ?? 0;

    public static bool IsCudaAvailable => CudaDeviceCount > 0;

    /// <summary>
    /// "Best available": cuda:0 when a CUDA device is available, otherwise the CPU. The only place GraphGen
    /// chooses the CPU for you; <see cref="Cuda"/> itself never falls back.
    /// </summary>
    public static Device BestAvailable() => IsCudaAvailable ? Cuda() : Cpu;

    public override string ToString() => Type == DeviceType.Cpu ? "cpu" : $"cuda:{Index}";

    internal void EnsureAvailable()
    {
        if (Type == DeviceType.Cpu) return;
        int count = CudaDeviceCount;
        if (count == 0)
            throw new InvalidOperationException($"Device {this} was requested, but no CUDA GPU is available on this machine (found 0 CUDA devices). Use Device.Cpu.");
        if (Index >= count)
            throw new InvalidOperationException($"Device {this} was requested, but only {count} CUDA device(s) exist (valid indices 0..{count - 1}).");
    }
}
