using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>The float64 forms of <see cref="ReductionKernels"/>, same layouts and NaN rules.</summary>
public static class ReductionKernels64
{
    /// <summary>y[o, j] = Σ_k x[o, k, j] for i = o·inner + j.</summary>
    public static void SumRows(Index1D i, ArrayView<double> x, ArrayView<double> y, int n, int inner)
    {
        int o = i / inner, j = i % inner;
        int start = o * n * inner + j;
        double sum = 0;
        for (int k = 0; k < n; k++) sum += x[start + k * inner];
        y[i] = sum;
    }

    /// <summary>Group g sums a grid-strided share of x[0..n) into partials[g] through a shared-memory tree (run twice, as the float32 form).</summary>
    public static void SumPartials(ArrayView<double> x, ArrayView<double> partials, int n)
    {
        var shared = SharedMemory.Allocate<double>(ReductionKernels.SumGroupSize);
        int tid = Group.IdxX;
        double sum = 0;
        for (int k = Grid.IdxX * ReductionKernels.SumGroupSize + tid; k < n; k += Grid.DimX * ReductionKernels.SumGroupSize) sum += x[k];
        shared[tid] = sum;
        Group.Barrier();
        for (int stride = ReductionKernels.SumGroupSize / 2; stride > 0; stride /= 2)
        {
            if (tid < stride) shared[tid] += shared[tid + stride];
            Group.Barrier();
        }
        if (tid == 0) partials[Grid.IdxX] = shared[0];
    }

    /// <summary>Max (isMax = 1) or min over the middle dimension with the index of the first extreme; NaN wins.</summary>
    public static void ArgExtremeRows(Index1D i, ArrayView<double> x, ArrayView<double> values, ArrayView<long> indices, int n, int inner, int isMax)
    {
        int o = i / inner, j = i % inner;
        int start = o * n * inner + j;
        double best = x[start];
        int bestK = 0;
        for (int k = 1; k < n; k++)
        {
            if (double.IsNaN(best)) break;
            double v = x[start + k * inner];
            if (double.IsNaN(v) || (isMax != 0 ? v > best : v < best))
            {
                best = v;
                bestK = k;
            }
        }
        values[i] = best;
        indices[i] = bestK;
    }

    /// <summary>dst[o, idx[i], j] = g[i] (dst zeroed first): the backward of max/min over a dimension.</summary>
    public static void ScatterRows(Index1D i, ArrayView<double> g, ArrayView<long> idx, ArrayView<double> dst, int n, int inner)
    {
        int o = i / inner, j = i % inner;
        dst[o * n * inner + (int)idx[i] * inner + j] = g[i];
    }
}
