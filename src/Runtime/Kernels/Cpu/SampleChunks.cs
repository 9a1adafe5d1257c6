using System.Buffers;
using System.Numerics;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// The weight and input gradients of convolutions with small output planes (LeNet's 10x10) as one GEMM per chunk of
/// samples instead of one per sample: the chunk's im2col columns lie side by side in one [PatchLength, samples·OutPlane]
/// matrix and its dy is gathered into [OutChannels, samples·OutPlane], so the weight gradient's GEMM reduces over
/// samples·OutPlane in one call and the input gradient's GEMM is that much wider. Per-sample GEMMs of a 100-wide plane
/// pay the GEMM's fixed costs (packing, edge tiles, C write-back per k-block) once per 100 columns.
/// </summary>
/// <remarks>
/// One group only (the channel slices of several groups would not lie side by side). The chunk's columns are rented
/// from the shared array pool, so steady-state training allocates nothing.
/// </remarks>
internal static class SampleChunks
{
    /// <summary>Elements a chunk's columns may take: 64K (256 KB of floats, half of a core's L2 here).</summary>
    private const int ColumnsBudget = 1 << 16;

    /// <summary>The GEMM width (samples·OutPlane) a chunk aims for; wider buys little.</summary>
    private const int TargetWidth = 512;

    /// <summary>Samples per chunk: enough for <see cref="TargetWidth"/> columns while they fit the budget; 1 (per-sample
    /// GEMMs) when one sample's plane is wide enough or its columns alone fill the budget.</summary>
    public static int Samples(in Conv2dGeometry g)
    {
        if (g.Groups != 1 || g.IsPointwise || g.OutPlane == 0) return 1;
        int byBudget = ColumnsBudget / g.ColumnsLength, byWidth = (TargetWidth + g.OutPlane - 1) / g.OutPlane;
        return Math.Max(1, Math.Min(byBudget, Math.Min(byWidth, g.Batch)));
    }

    /// <summary>dw (overwritten) = Σ over samples [first, end) of dY · columnsᵀ, one GEMM per chunk.</summary>
    public static void BackwardWeight<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, in Conv2dGeometry g, Span<T> dw, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int chunk = Samples(g), k = g.PatchLength, plane = g.OutPlane, channels = g.OutChannels;
        T[] columns = ArrayPool<T>.Shared.Rent(k * chunk * plane);
        T[] gathered = ArrayPool<T>.Shared.Rent(channels * chunk * plane);
        try
        {
            for (int n0 = first; n0 < end; n0 += chunk)
            {
                int count = Math.Min(chunk, end - n0), width = count * plane;
                for (int i = 0; i < count; i++)
                    Convolution.Im2Col(x.Slice((n0 + i) * g.InChannels * g.InPlane, g.InChannels * g.InPlane), g, columns.AsSpan(i * plane), width);
                Gather(dy, g, n0, count, gathered);
                TypedGemm.Multiply(false, true, channels, k, width, gathered, width, columns, width, dw, k, accumulate: n0 > first);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(columns);
            ArrayPool<T>.Shared.Return(gathered);
        }
    }

    /// <summary>dx of samples [first, end) (overwritten): per chunk columns = Wᵀ · dY, then each sample's col2im.</summary>
    public static void BackwardInput<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, in Conv2dGeometry g, Span<T> dx, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int chunk = Samples(g), k = g.PatchLength, plane = g.OutPlane, channels = g.OutChannels, sampleIn = g.InChannels * g.InPlane;
        T[] columns = ArrayPool<T>.Shared.Rent(k * chunk * plane);
        T[] gathered = ArrayPool<T>.Shared.Rent(channels * chunk * plane);
        try
        {
            for (int n0 = first; n0 < end; n0 += chunk)
            {
                int count = Math.Min(chunk, end - n0), width = count * plane;
                Gather(dy, g, n0, count, gathered);
                TypedGemm.Multiply(true, false, k, width, channels, weight, k, gathered, width, columns, width, accumulate: false);
                for (int i = 0; i < count; i++)
                {
                    var dxn = dx.Slice((n0 + i) * sampleIn, sampleIn);
                    dxn.Clear();
                    Convolution.Col2Im<T>(columns.AsSpan(i * plane), g, dxn, width);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(columns);
            ArrayPool<T>.Shared.Return(gathered);
        }
    }

    /// <summary>dy of samples [n0, n0 + count) as [OutChannels, count·OutPlane]: sample i's plane of channel o at column i·OutPlane.</summary>
    private static void Gather<T>(ReadOnlySpan<T> dy, in Conv2dGeometry g, int n0, int count, Span<T> gathered)
    {
        int plane = g.OutPlane, width = count * plane;
        for (int i = 0; i < count; i++)
            for (int o = 0; o < g.OutChannels; o++)
                dy.Slice(((n0 + i) * g.OutChannels + o) * plane, plane).CopyTo(gathered.Slice(o * width + i * plane, plane));
    }
}
