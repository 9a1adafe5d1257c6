namespace GraphGen.Gpu;

/// <summary>Registers the ILGPU runtime as the provider of CUDA devices (<see cref="GpuBackend.Current"/>).</summary>
internal sealed class IlgpuGpuBackend : GpuBackend
{
    public static readonly IlgpuGpuBackend Instance = new();

    public override int DeviceCount => GpuRuntime.DeviceCount;
}
