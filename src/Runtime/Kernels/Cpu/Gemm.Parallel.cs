namespace GraphGen.Kernels.Cpu;

/// <summary>
/// How one GEMM call splits across cores. The larger of m and n is cut into contiguous per-worker slices of whole
/// micro-panels (rows of C when m ≥ n, else columns), so each worker packs its own block of the sliced operand and writes
/// its own part of C. The other operand every worker needs whole: instead of each packing all of it, the workers first
/// pack it together, each a share of its panels, into one shared buffer, then all compute from it. Slicing m or n does
/// not change any output's sum over k, so every thread count gives the one-thread result bit for bit.
/// </summary>
public static unsafe partial class Gemm
{
    /// <summary>
    /// Packed floats of the shared operand below which every worker packs it itself: under ~128K floats (~50 µs of
    /// packing) the second Parallel.For call of a shared pack costs more than the duplicated packing.
    /// </summary>
    private const long MinSharedPack = 1L << 17;

    /// <summary>Largest shared packed operand kept (per calling thread): 64 MB; beyond it every worker packs its own.</summary>
    private const long MaxSharedPack = 1L << 24;

    [ThreadStatic] private static float[]? t_sharedPack;

    private static void Run<TOps, TVec>(GemmJob job)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        long work = (long)job.M * job.N * job.K;
        int nr = 2 * TOps.Width, mr = GemmMicroKernel.Rows(TOps.Width);
        bool splitM = job.M >= job.N;
        int unit = splitM ? mr : nr, extent = splitM ? job.M : job.N;
        int units = (extent + unit - 1) / unit;
        int workers = CpuParallel.WorkerCount(work, CpuParallel.MinMultiplyAddsPerWorker, units);
        if (workers <= 1)
        {
            RunBlocked<TOps, TVec>(job);
            return;
        }

        RunParallel<TOps, TVec>(job, splitM, unit, extent, units, workers);
    }

    // Separate method: the lambdas' closure would otherwise be allocated on every call, even single-threaded ones.
    private static void RunParallel<TOps, TVec>(GemmJob job, bool splitM, int unit, int extent, int units, int workers)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        int nr = 2 * TOps.Width, mr = GemmMicroKernel.Rows(TOps.Width);
        // Split m: every worker needs all of B; split n: all of A.
        long sharedLength = splitM ? (long)RoundUp(job.N, nr) * job.K : (long)RoundUp(job.M, mr) * job.K;
        float* shared = null;
        if (sharedLength >= MinSharedPack && sharedLength <= MaxSharedPack)
        {
            float* buffer = Rent(ref t_sharedPack, (int)sharedLength);
            CpuParallel.Run(workers, w => PackShared<TOps, TVec>(job, packB: splitM, buffer, w, workers));
            shared = buffer;
        }

        CpuParallel.For(units, workers, (first, last) =>
        {
            int start = first * unit, end = Math.Min(extent, last * unit);
            var slice = job.Slice(splitM, start, end - start);
            if (splitM) RunBlocked<TOps, TVec>(slice, sharedB: shared);
            else RunBlocked<TOps, TVec>(slice, sharedA: shared);
        });
    }

    /// <summary>
    /// Worker <paramref name="worker"/>'s share of packing all of op(B) (<paramref name="packB"/>) or op(A) into
    /// <paramref name="dst"/>: a contiguous run of panels of every k-block (and, for B, of every NC column block).
    /// </summary>
    private static void PackShared<TOps, TVec>(in GemmJob job, bool packB, float* dst, int worker, int workers)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        int nr = 2 * TOps.Width, mr = GemmMicroKernel.Rows(TOps.Width);
        int k = job.K, kcMax = KBlock(k);
        bool fastTranspose = TOps.Width >= 8;
        for (int pc = 0; pc < k; pc += kcMax)
        {
            int kc = Math.Min(kcMax, k - pc);
            if (!packB)
            {
                var (first, end) = CpuParallel.Range((job.M + mr - 1) / mr, workers, worker);
                int row = first * mr, rows = Math.Min(job.M, end * mr) - row;
                if (rows <= 0) continue;
                float* src = job.TransA ? job.A + (nint)pc * job.Lda + row : job.A + (nint)row * job.Lda + pc;
                GemmPacking.Pack(src, job.Lda, job.TransA, rows, kc, mr, dst + SharedAOffset(pc, row, kc, job.M, mr), fastTranspose);
                continue;
            }

            for (int jc = 0; jc < job.N; jc += NC)
            {
                int nc = Math.Min(NC, job.N - jc);
                var (first, end) = CpuParallel.Range((nc + nr - 1) / nr, workers, worker);
                int column = first * nr, columns = Math.Min(nc, end * nr) - column;
                if (columns <= 0) continue;
                float* src = job.TransB ? job.B + (nint)(jc + column) * job.Ldb + pc : job.B + (nint)pc * job.Ldb + jc + column;
                GemmPacking.Pack(src, job.Ldb, !job.TransB, columns, kc, nr, dst + SharedBOffset(jc, pc, nc, k, nr) + (nint)column * kc, fastTranspose);
            }
        }
    }

    /// <summary>
    /// Where the packed A panels of k-block <paramref name="pc"/> (depth <paramref name="kc"/>) from row
    /// <paramref name="row"/> on start in a shared packed A: k-blocks one after another, each all of m's panels in order.
    /// </summary>
    private static nint SharedAOffset(int pc, int row, int kc, int m, int mr) => (nint)pc * RoundUp(m, mr) + (nint)row * kc;

    /// <summary>
    /// Where the packed B block of column block <paramref name="jc"/> (width <paramref name="nc"/>) and k-block
    /// <paramref name="pc"/> starts in a shared packed B: column blocks one after another, each its k-blocks in order.
    /// </summary>
    private static nint SharedBOffset(int jc, int pc, int nc, int k, int nr) => (nint)jc * k + (nint)pc * RoundUp(nc, nr);
}
