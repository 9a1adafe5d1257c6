namespace GraphGen.Kernels.Cpu;

/// <summary>
/// How CPU kernels split work across cores: how many workers a problem pays for (never more than
/// <see cref="CpuThreads.Count"/>, never one whose share is too small to cover the cost of starting it), contiguous
/// static ranges per worker (the same split on every call, so results are reproducible), and no nesting: a kernel
/// called from inside another kernel's worker (a convolution's per-sample GEMM) runs on that worker alone. Regions run
/// on the persistent <see cref="CpuWorkerTeam"/>; one that finds the team busy with another thread's region runs its
/// shares one after another on its own thread (same split, same results).
/// </summary>
internal static class CpuParallel
{
    /// <summary>
    /// Multiply-adds each extra worker of a convolution must get (~10-20 µs of one core's FMAs): besides the region's
    /// start (~1 µs on the spinning team, ~5-20 µs to wake a blocked helper) each extra worker rents and fills its own
    /// im2col columns. The GEMM has its own, lower threshold (<c>Gemm.MinMultiplyAddsPerWorker</c>).
    /// </summary>
    public const long MinMultiplyAddsPerWorker = 1L << 20;

    /// <summary>
    /// Elements each extra worker of a memory-bound kernel (pooling, normalisation, elementwise) must get: 64K floats
    /// take ~20-60 µs to stream, several times the cost of starting a worker.
    /// </summary>
    public const long MinElementsPerWorker = 1L << 16;

    [ThreadStatic] private static bool t_inWorker;

    /// <summary>Whether the calling thread is running a worker's share of a region (kernels it calls stay on it).</summary>
    public static bool InWorker => t_inWorker;

    /// <summary>
    /// Workers for <paramref name="work"/> units of which each worker needs at least <paramref name="minWorkPerWorker"/>,
    /// split into at most <paramref name="maxWorkers"/> pieces: 1 inside another kernel's worker or when the work is small.
    /// </summary>
    public static int WorkerCount(long work, long minWorkPerWorker, long maxWorkers)
    {
        if (t_inWorker) return 1;
        long workers = Math.Min(Math.Min(Math.Max(1, CpuThreads.Count), work / minWorkPerWorker), maxWorkers);
        return (int)Math.Max(1, workers);
    }

    /// <summary>[start, end) of worker <paramref name="worker"/>'s share when <paramref name="count"/> items are split
    /// contiguously and as evenly as possible over <paramref name="workers"/>.</summary>
    public static (int Start, int End) Range(int count, int workers, int worker)
        => ((int)((long)count * worker / workers), (int)((long)count * (worker + 1) / workers));

    /// <summary>
    /// Runs <paramref name="work"/>.Execute(w) for w in [0, <paramref name="workers"/>), the calling thread being worker 0;
    /// kernels called inside a share see themselves as nested and stay on their worker's thread. Allocates nothing.
    /// </summary>
    public static void Run(int workers, ParallelWork work)
    {
        bool outer = t_inWorker;
        t_inWorker = true;
        try
        {
            if (workers > 1 && !outer && CpuWorkerTeam.Shared.TryRun(work, workers)) return;
            for (int w = 0; w < workers; w++) work.Execute(w);
        }
        finally
        {
            t_inWorker = outer;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/>(<paramref name="state"/>, w) for w in [0, <paramref name="workers"/>) (see
    /// <see cref="Run(int, ParallelWork)"/>). With a static lambda for <paramref name="body"/> it allocates nothing.
    /// </summary>
    public static void Run<TState>(int workers, in TState state, WorkerBody<TState> body) where TState : struct
    {
        if (t_inWorker || workers <= 1)
        {
            bool outer = t_inWorker;
            t_inWorker = true;
            try
            {
                for (int w = 0; w < workers; w++) body(in state, w);
            }
            finally
            {
                t_inWorker = outer;
            }

            return;
        }

        var work = StateWork<TState>.ForThisThread;
        (work.State, work.Body, work.RangeBody) = (state, body, null);
        Run(workers, work);
    }

    /// <summary>
    /// Runs <paramref name="body"/>(<paramref name="state"/>, start, end) over contiguous ranges of <paramref name="count"/>
    /// items on <paramref name="workers"/> workers (see <see cref="Run{TState}"/>); allocates nothing with a static lambda.
    /// </summary>
    public static void For<TState>(int count, int workers, in TState state, RangeBody<TState> body) where TState : struct
    {
        if (t_inWorker || workers <= 1)
        {
            bool outer = t_inWorker;
            t_inWorker = true;
            try
            {
                for (int w = 0; w < workers; w++)
                {
                    var (start, end) = Range(count, workers, w);
                    body(in state, start, end);
                }
            }
            finally
            {
                t_inWorker = outer;
            }

            return;
        }

        var work = StateWork<TState>.ForThisThread;
        (work.State, work.Body, work.RangeBody, work.Count, work.Workers) = (state, null, body, count, workers);
        Run(workers, work);
    }

    /// <summary>Called once by each helper thread of the team: everything it runs is a worker's share.</summary>
    internal static void MarkWorkerThread() => t_inWorker = true;
}
