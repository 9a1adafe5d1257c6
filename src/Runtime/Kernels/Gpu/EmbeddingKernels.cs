using System.Numerics;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Embedding tables [rows, dim] on the device: the forward pass copies each index's row (one thread per output
/// element); the backward pass adds each output row's gradient into its index's row with atomic adds (repeated indices
/// accumulate, in no fixed order), skipping the padding row. Indices are int64 and checked by the caller.
/// </summary>
public static class EmbeddingKernels
{
    /// <summary>y[i, j] = weight[indices[i], j].</summary>
    public static void Gather<T>(Index1D e, ArrayView<long> indices, ArrayView<T> weight, ArrayView<T> y, int dim)
        where T : unmanaged => y[e] = weight[(int)indices[e / dim] * dim + e % dim];

    /// <summary>dweight[indices[i], j] += dy[i, j] unless indices[i] is <paramref name="paddingIdx"/> (−1: none); dweight zeroed first.</summary>
    public static void ScatterAdd<T, TMath>(Index1D e, ArrayView<long> indices, ArrayView<T> dy, ArrayView<T> dweight, int dim, int paddingIdx)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int row = (int)indices[e / dim];
        if (row != paddingIdx) default(TMath).AtomicAdd(dweight, row * dim + e % dim, dy[e]);
    }
}
