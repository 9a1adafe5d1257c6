namespace GraphGen.Kernels.Cpu;

/// <summary>
/// How CPU kernels split work across cores: how many workers a problem pays for (never more than
/// <see cref="CpuThreads.Count"/>, never one whose share is too small to cover the cost of starting it), contiguous
/// static ranges per worker (the same split on every call, so results are reproducible), and no nesting: a kernel
/// called from inside another kernel's worker (a convolution's per-sample GEMM) runs on that worker alone.
/// </summary>
internal static class CpuParallel
{
    /// <summary>
    /// Multiply-adds each extra worker must get: <c>Parallel.For</c> costs ~6-13 µs per call, so a worker needs
    /// ≥ ~1M multiply-adds (~10-20 µs of one core's FMAs) before a second one makes the call faster, not slower.
    /// </summary>
    public const long MinMultiplyAddsPerWorker = 1L << 20;

    /// <summary>
    /// Elements each extra worker of a memory-bound kernel (pooling, normalisation, elementwise) must get: 64K floats
    /// take ~20-60 µs to stream, several times the cost of starting a worker.
    /// </summary>
    public const long MinElementsPerWorker = 1L << 16;

    [ThreadStatic] private static bool t_inWorker;

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
    /// Runs <paramref name="body"/>(w) for w in [0, <paramref name="workers"/>), one per thread, the calling thread
    /// included; kernels called inside a body see themselves as nested and stay on their worker's thread.
    /// </summary>
    public static void Run(int workers, Action<int> body)
    {
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            bool outer = t_inWorker;
            t_inWorker = true;
            try
            {
                body(w);
            }
            finally
            {
                t_inWorker = outer;
            }
        });
    }

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over contiguous ranges of <paramref name="count"/> items on
    /// <paramref name="workers"/> workers (see <see cref="Run"/>).
    /// </summary>
    public static void For(int count, int workers, Action<int, int> body)
        => Run(workers, w =>
        {
            var (start, end) = Range(count, workers, w);
            body(start, end);
        });
}
