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
    /// Multiply-adds each extra worker must get: a region on the spinning <see cref="CpuWorkerTeam"/> starts in ~1 µs
    /// (~5-20 µs when a helper has gone to sleep), so ~256K multiply-adds (~3-5 µs of one core's FMAs, plus its share
    /// of packing) pay for a second worker.
    /// </summary>
    internal const long MinMultiplyAddsPerWorker = 1L << 18;

    /// <summary>
    /// Packed floats of the shared operand below which every worker packs it itself: under ~16K floats (a few µs of
    /// packing) the extra region of a shared pack costs more than the duplicated packing.
    /// </summary>
    private const long MinSharedPack = 1L << 14;

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
        int workers = CpuParallel.WorkerCount(work, MinMultiplyAddsPerWorker, units);
        if (workers <= 1)
        {
            RunBlocked<TOps, TVec>(job);
            return;
        }

        // Split m: every worker needs all of B; split n: all of A.
        long sharedLength = splitM ? (long)RoundUp(job.N, nr) * job.K : (long)RoundUp(job.M, mr) * job.K;
        float* shared = null;
        var region = GemmRegion<TOps, TVec>.ForThisThread;
        region.Set(job, splitM, unit, extent, units, workers);
        try
        {
            if (sharedLength >= MinSharedPack && sharedLength <= MaxSharedPack)
            {
                shared = Rent(ref t_sharedPack, (int)sharedLength);
                region.BeginPacking(shared);
                CpuParallel.Run(workers, region);
            }

            region.BeginComputing(shared);
            CpuParallel.Run(workers, region);
        }
        finally
        {
            region.Clear();
        }
    }

    /// <summary>
    /// One parallel GEMM call as reusable work (one per calling thread and vector width, so a call allocates nothing):
    /// first, when the shared operand is packed together, each worker's share of it; then each worker's slice of C.
    /// </summary>
    private sealed class GemmRegion<TOps, TVec> : ParallelWork
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        [ThreadStatic] private static GemmRegion<TOps, TVec>? t_region;

        private GemmJob _job;
        private bool _splitM;
        private int _unit, _extent, _units, _workers;
        private bool _packing;
        private float* _shared;

        public static GemmRegion<TOps, TVec> ForThisThread => t_region ??= new GemmRegion<TOps, TVec>();

        public void Set(in GemmJob job, bool splitM, int unit, int extent, int units, int workers)
            => (_job, _splitM, _unit, _extent, _units, _workers) = (job, splitM, unit, extent, units, workers);

        public void BeginPacking(float* shared)
        {
            _packing = true;
            _shared = shared;
        }

        public void BeginComputing(float* shared)
        {
            _packing = false;
            _shared = shared;
        }

        /// <summary>Drops the call's pointers so that a stale region can never be run against freed operands.</summary>
        public void Clear()
        {
            _job = default;
            _shared = null;
        }

        public override void Execute(int worker)
        {
            if (_packing)
            {
                PackShared<TOps, TVec>(_job, packB: _splitM, _shared, worker, _workers);
                return;
            }

            var (first, last) = CpuParallel.Range(_units, _workers, worker);
            int start = first * _unit, end = Math.Min(_extent, last * _unit);
            if (end <= start) return;
            var slice = _job.Slice(_splitM, start, end - start);
            int largestShare = Math.Min(_extent, (_units + _workers - 1) / _workers * _unit);
            if (_splitM) RunBlocked<TOps, TVec>(slice, sharedB: _shared, packRows: largestShare);
            else RunBlocked<TOps, TVec>(slice, sharedA: _shared, packColumns: largestShare);
        }
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
