using GraphGen.Compiled.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen.Gpu.Tests;

/// <summary>A workspace that hands out device buffers filled from host arrays, for calling compiled code's launches directly.</summary>
internal sealed class DeviceBuffers() : GpuWorkspace<int>(0, GpuTestSetup.Cuda)
{
    public ArrayView<float> Of(float[] data)
    {
        var view = Allocate(data.Length);
        if (data.Length > 0) view.CopyFromCPU(Gpu.Stream, data);
        return view;
    }

    public ArrayView<float> Zeros(int length) => Of(new float[length]);

    public float[] Read(ArrayView<float> view)
    {
        var host = new float[view.Length];
        view.CopyToCPU(Gpu.Stream, host);
        Gpu.Stream.Synchronize();
        return host;
    }

    protected override void AllocateGradients()
    {
    }
}
