using System.ComponentModel;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>Device-to-device copies of compiled GPU code that may add onto what the destination holds (gradient accumulation).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CopyKernels
{
    /// <summary>dst (+)= src, element by element.</summary>
    [GpuKernel]
    public static void Accumulate(Index1D i, ArrayView<float> src, ArrayView<float> dst, int accumulate)
    {
        dst[i] = accumulate != 0 ? dst[i] + src[i] : src[i];
    }
}
