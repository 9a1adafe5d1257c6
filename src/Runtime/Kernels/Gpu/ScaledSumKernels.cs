using System.ComponentModel;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The sums of compiled GPU code, y = scale · Σ (a sum, or a mean with scale 1/n), and their backward: a grouped
/// (shared-memory tree) kernel, a one-thread-per-output <see cref="Sum"/>, and the rule that picks between them. Input is viewed as [outer, n, inner] and reduced over n, as every compiled sum is:
/// a whole-tensor sum is [1, n, 1], a bias gradient (column sums of B rows × c columns) is [1, B, c].
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ScaledSumKernels
{
    /// <summary>
    /// Threads per group of <see cref="SumGrouped"/> on a GPU: a power of two (the tree halves it), eight warps. An
    /// accelerator that allows fewer (ILGPU's CPU emulation: 64) gets the largest power of two it allows (<see cref="GroupSizeFor"/>).
    /// </summary>
    public const int GroupSize = 256;

    /// <summary>Below this many summed elements per output, one thread walking them is cheaper than a 256-thread tree.</summary>
    public const int GroupedMinLength = 32;

    /// <summary>
    /// From this many outputs on, one thread per output already gives a GPU more threads than it keeps resident
    /// (an H100 holds 132 SMs × 2048), so a group per output would only add tree and barrier work.
    /// </summary>
    public const int GroupedMaxOutputs = 1 << 16;

    /// <summary>
    /// The split rule: a group per output (<see cref="SumGrouped"/>) when each output sums at least
    /// <see cref="GroupedMinLength"/> elements and there are fewer than <see cref="GroupedMaxOutputs"/> outputs;
    /// otherwise one thread per output. A whole-tensor sum of 32 or more elements is always grouped.
    /// </summary>
    public static bool UsesGroups(long outputs, int n) => n >= GroupedMinLength && outputs < GroupedMaxOutputs;

    /// <summary>The group size to launch <see cref="SumGrouped"/> with: <see cref="GroupSize"/>, or the largest power of two the accelerator allows below it.</summary>
    public static int GroupSizeFor(int maxThreadsPerGroup)
    {
        int size = GroupSize;
        while (size > maxThreadsPerGroup) size /= 2;
        return size;
    }

    /// <summary>
    /// Explicitly grouped, one group per output b = o·inner + j: y[b] = scale · Σ_k x[o, k, j]. With G threads
    /// (a power of two up to <see cref="GroupSize"/>), thread t sums k = t, t + G, … (contiguous across a warp when
    /// inner is 1), then the group adds its G partial sums in a shared-memory tree. Launch with grid outer·inner and
    /// group <see cref="GroupSizeFor"/>.
    /// </summary>
    [GpuKernel(ExplicitlyGrouped = true)]
    public static void SumGrouped(ArrayView<float> x, ArrayView<float> y, int n, int inner, float scale)
    {
        var shared = SharedMemory.Allocate<float>(GroupSize);
        int b = Grid.IdxX, t = Group.IdxX, threads = Group.DimX;
        int start = b / inner * n * inner + b % inner;
        float sum = 0;
        for (int k = t; k < n; k += threads) sum += x[start + k * inner];
        shared[t] = sum;
        Group.Barrier();
        for (int stride = threads / 2; stride > 0; stride /= 2)
        {
            if (t < stride) shared[t] += shared[t + stride];
            Group.Barrier(); // the next step (or thread 0's read) sees every add of this one
        }

        if (t == 0) y[b] = shared[0] * scale;
    }

    /// <summary>y[o, j] = scale · Σ_k x[o, k, j] (sum, or mean with scale 1/n), one thread per output: for many short sums (<see cref="UsesGroups"/>).</summary>
    [GpuKernel]
    public static void Sum(Index1D b, ArrayView<float> x, ArrayView<float> y, int n, int inner, float scale)
    {
        int start = b / inner * n * inner + b % inner;
        float sum = 0;
        for (int k = 0; k < n; k++) sum += x[start + k * inner];
        y[b] = sum * scale;
    }

    /// <summary>The sum's backward: dx[o, k, j] (+)= scale · dy[o, j], one thread per input element.</summary>
    [GpuKernel]
    public static void SumBackward(Index1D i, ArrayView<float> dy, ArrayView<float> dx, int n, int inner, float scale, int accumulate)
    {
        float v = dy[i / (n * inner) * inner + i % inner] * scale;
        dx[i] = accumulate != 0 ? dx[i] + v : v;
    }
}
