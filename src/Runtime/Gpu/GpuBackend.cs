namespace GraphGen.Gpu;

/// <summary>Hook through which a GPU runtime makes CUDA devices available.</summary>
public abstract class GpuBackend
{
    /// <summary>The ILGPU runtime (<see cref="GpuRuntime"/>) by default; it reports 0 devices without a CUDA driver.</summary>
    public static GpuBackend? Current { get; set; } = IlgpuGpuBackend.Instance;

    public abstract int DeviceCount { get; }
}
