using System.ComponentModel;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Cat on the device: the output is [outer, total] blocks around the joined dim and each input [outer, width] fills
/// the columns [offset, offset + width) of every block. One thread per element of the input (its gradient), so a copy
/// reads and writes contiguous runs.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ConcatenationKernels
{
    /// <summary>y[o, offset + j] = x[o, j].</summary>
    [GpuKernel]
    public static void CopyInto(Index1D i, ArrayView<float> x, ArrayView<float> y, int width, int offset, int total) =>
        y[i / width * total + offset + i % width] = x[i];

    /// <summary>dx[o, j] (+)= dy[o, offset + j].</summary>
    [GpuKernel]
    public static void SliceGradient(Index1D i, ArrayView<float> dy, ArrayView<float> dx, int width, int offset, int total, int accumulate)
    {
        float v = dy[i / width * total + offset + i % width];
        dx[i] = accumulate != 0 ? dx[i] + v : v;
    }
}
