using System.ComponentModel;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>Inverted dropout with a saved mask (compiled GPU code): the mask is drawn on the host, these apply it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DropoutKernels
{
    /// <summary>y = x·mask (dropout forward), or dx (+)= dy·mask (its backward).</summary>
    [GpuKernel]
    public static void MultiplyMask(Index1D i, ArrayView<float> x, ArrayView<float> mask, ArrayView<float> y, int accumulate)
    {
        float v = x[i] * mask[i];
        y[i] = accumulate != 0 ? y[i] + v : v;
    }

    /// <summary>Sets every element to <paramref name="value"/> (dropout's all-ones mask outside training).</summary>
    [GpuKernel]
    public static void Fill(Index1D i, ArrayView<float> y, float value) => y[i] = value;
}
