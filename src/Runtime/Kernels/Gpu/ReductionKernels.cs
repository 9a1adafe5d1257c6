using System.Numerics;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Reductions. A dense input is viewed as [outer, n, inner] with the reduced dimension in the middle;
/// one thread owns one (outer, inner) output and walks n. Whole-tensor sums use a two-pass shared-memory
/// tree (<see cref="SumPartials{T}"/>) so a long vector is summed by many groups, not one thread. The float
/// kernels are generic over float32/float64 (the same code for both element types); int64 has its own.
/// </summary>
public static class ReductionKernels
{
    /// <summary>Threads per group of <see cref="SumPartials{T}"/> (a power of two).</summary>
    public const int SumGroupSize = 64;

    /// <summary>y[o, j] = Σ_k x[o, k, j] for i = o·inner + j.</summary>
    public static void SumRows<T>(Index1D i, ArrayView<T> x, ArrayView<T> y, int n, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int o = i / inner, j = i % inner;
        int start = o * n * inner + j;
        T sum = T.Zero;
        for (int k = 0; k < n; k++) sum += x[start + k * inner];
        y[i] = sum;
    }

    /// <summary>
    /// Explicitly grouped: group g sums a grid-strided share of x[0..n) into partials[g] through a
    /// shared-memory tree. Run once over the input and once (one group) over the partials.
    /// </summary>
    public static void SumPartials<T>(ArrayView<T> x, ArrayView<T> partials, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shared = SharedMemory.Allocate<T>(SumGroupSize);
        int tid = Group.IdxX;
        T sum = T.Zero;
        for (int k = Grid.IdxX * SumGroupSize + tid; k < n; k += Grid.DimX * SumGroupSize) sum += x[k];
        shared[tid] = sum;
        Group.Barrier();
        for (int stride = SumGroupSize / 2; stride > 0; stride /= 2)
        {
            if (tid < stride) shared[tid] += shared[tid + stride];
            Group.Barrier();
        }
        if (tid == 0) partials[Grid.IdxX] = shared[0];
    }

    /// <summary>y[o, j] = Σ_k x[o, k, j] in int64: the sum over a dimension of integer and bool tensors (converted to int64 first).</summary>
    public static void SumRowsInt64(Index1D i, ArrayView<long> x, ArrayView<long> y, int n, int inner)
    {
        int o = i / inner, j = i % inner;
        int start = o * n * inner + j;
        long sum = 0;
        for (int k = 0; k < n; k++) sum += x[start + k * inner];
        y[i] = sum;
    }

    /// <summary><see cref="SumPartials{T}"/> in int64 (exact): integer and bool tensors sum to int64, as in PyTorch.</summary>
    public static void SumPartialsInt64(ArrayView<long> x, ArrayView<long> partials, int n)
    {
        var shared = SharedMemory.Allocate<long>(SumGroupSize);
        int tid = Group.IdxX;
        long sum = 0;
        for (int k = Grid.IdxX * SumGroupSize + tid; k < n; k += Grid.DimX * SumGroupSize) sum += x[k];
        shared[tid] = sum;
        Group.Barrier();
        for (int stride = SumGroupSize / 2; stride > 0; stride /= 2)
        {
            if (tid < stride) shared[tid] += shared[tid + stride];
            Group.Barrier();
        }
        if (tid == 0) partials[Grid.IdxX] = shared[0];
    }

    /// <summary>
    /// Max (isMax = 1) or min over the middle dimension with the index of the first extreme; NaN wins
    /// and stops the search, as in PyTorch.
    /// </summary>
    public static void ArgExtremeRows<T>(Index1D i, ArrayView<T> x, ArrayView<T> values, ArrayView<long> indices, int n, int inner, int isMax)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int o = i / inner, j = i % inner;
        int start = o * n * inner + j;
        T best = x[start];
        int bestK = 0;
        for (int k = 1; k < n; k++)
        {
            if (T.IsNaN(best)) break;
            T v = x[start + k * inner];
            if (T.IsNaN(v) || (isMax != 0 ? v > best : v < best))
            {
                best = v;
                bestK = k;
            }
        }
        values[i] = best;
        indices[i] = bestK;
    }

    /// <summary>Max (isMax = 1) or min of int64 values over the middle dimension with the index of the first extreme.</summary>
    public static void ArgExtremeRowsInt64(Index1D i, ArrayView<long> x, ArrayView<long> values, ArrayView<long> indices, int n, int inner, int isMax)
    {
        int o = i / inner, j = i % inner;
        int start = o * n * inner + j;
        long best = x[start];
        int bestK = 0;
        for (int k = 1; k < n; k++)
        {
            long v = x[start + k * inner];
            if (isMax != 0 ? v > best : v < best)
            {
                best = v;
                bestK = k;
            }
        }
        values[i] = best;
        indices[i] = bestK;
    }

    /// <summary>dst[o, idx[i], j] = g[i] for i = o·inner + j: the backward of max/min over a dimension (dst zeroed first).</summary>
    public static void ScatterRows<T>(Index1D i, ArrayView<T> g, ArrayView<long> idx, ArrayView<T> dst, int n, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int o = i / inner, j = i % inner;
        dst[o * n * inner + (int)idx[i] * inner + j] = g[i];
    }
}
