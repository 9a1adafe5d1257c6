using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// A persistent team of helper threads that runs one parallel region at a time, OpenMP-style: the caller is worker 0
/// and helper i is worker i + 1. A helper that finishes spins for <see cref="SpinMicroseconds"/> waiting for the next
/// region before it blocks, so the back-to-back GEMMs of a training step start in well under a microsecond instead of
/// <c>Parallel.For</c>'s ~6-13 µs, and a region allocates nothing (the work is a reused <see cref="ParallelWork"/>).
/// </summary>
/// <remarks>
/// <para>A share belongs to whoever claims it first: the caller, once its own share is done, runs every helper share
/// that no helper has started. On a loaded machine a helper that is not scheduled in time therefore costs nothing but
/// its share's time on the caller (as with <c>Parallel.For</c>'s work stealing), instead of a wait for the scheduler.</para>
/// <para>One caller at a time: a second thread that asks while a region runs gets <c>false</c> from <see cref="TryRun"/>
/// and runs the shares itself (<see cref="CpuParallel"/> does), which gives the same results because every split is
/// static. Helpers are background threads created on first need, never more than a region asked for.</para>
/// </remarks>
internal sealed class CpuWorkerTeam
{
    /// <summary>
    /// How long an idle thread (helper between regions, caller at the join) spins before it blocks: longer than the
    /// gaps between a step's kernels (elementwise work, a small GEMM), short enough that an idle team costs nothing.
    /// </summary>
    private const int SpinMicroseconds = 50;

    private static readonly long SpinTicks = Math.Max(1, Stopwatch.Frequency * SpinMicroseconds / 1_000_000);

    private readonly Lock _growLock = new();
    private readonly ManualResetEventSlim _joined = PreparedEvent();
    private Helper[] _helpers = [];
    private int _busy;
    private int _pending;
    private int _callerSleeping;
    private Exception? _helperError;

    /// <summary>The process's team, shared by every kernel.</summary>
    public static CpuWorkerTeam Shared { get; } = new();

    /// <summary>Helper threads started so far (for tests).</summary>
    public int HelperCount => Volatile.Read(ref _helpers).Length;

    /// <summary>
    /// Runs <paramref name="work"/>.Execute(w) for every w in [0, <paramref name="workers"/>), worker 0 on the calling
    /// thread, and returns when all are done; false (nothing run) when the team is busy with another caller's region.
    /// An exception from any worker is rethrown here, after every worker has finished (worker 0's first, else a helper's).
    /// </summary>
    public bool TryRun(ParallelWork work, int workers)
    {
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), workers, "expected at least 1 worker.");
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
        try
        {
            var helpers = EnsureHelpers(workers - 1);
            _helperError = null;
            Volatile.Write(ref _pending, workers - 1);
            for (int i = 0; i < workers - 1; i++) helpers[i].Start(work, i + 1);
            Exception? own = null;
            try
            {
                work.Execute(0);
            }
            catch (Exception e)
            {
                own = e;
            }

            for (int i = 0; i < workers - 1; i++)
            {
                if (!helpers[i].TryClaim()) continue; // started by its helper
                Exception? shareError = null;
                try
                {
                    work.Execute(i + 1);
                }
                catch (Exception e)
                {
                    shareError = e;
                }

                ShareDone(shareError);
            }

            if (workers > 1) Join();
            var error = own ?? _helperError;
            _helperError = null;
            if (error is not null) ExceptionDispatchInfo.Throw(error);
            return true;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private Helper[] EnsureHelpers(int count)
    {
        var helpers = _helpers;
        if (helpers.Length >= count) return helpers;
        lock (_growLock)
        {
            helpers = _helpers;
            if (helpers.Length >= count) return helpers;
            var grown = new Helper[count];
            helpers.CopyTo(grown, 0);
            for (int i = helpers.Length; i < count; i++) grown[i] = new Helper(this, i + 1);
            Volatile.Write(ref _helpers, grown);
            return grown;
        }
    }

    /// <summary>The caller waits for the shares helpers started: spins, then blocks until the last one signals.</summary>
    private void Join()
    {
        long spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
        while (Volatile.Read(ref _pending) != 0)
        {
            if (Stopwatch.GetTimestamp() < spinUntil)
            {
                Thread.SpinWait(8);
                continue;
            }

            // Dekker-style with ShareDone: the flag is published (full fence) before _pending is read again, and a
            // helper decrements _pending (full fence) before it reads the flag, so one of the two sees the other.
            _joined.Reset();
            Interlocked.Exchange(ref _callerSleeping, 1);
            if (Volatile.Read(ref _pending) != 0) _joined.Wait();
            Volatile.Write(ref _callerSleeping, 0);
        }
    }

    /// <summary>
    /// An unset event whose first blocking Wait has happened: the event creates its lock object lazily on that first wait, so
    /// a caller that first blocks at the join only under load (a steady training step, measured) would otherwise allocate then.
    /// </summary>
    private static ManualResetEventSlim PreparedEvent()
    {
        var e = new ManualResetEventSlim(false, 0);
        e.Wait(1);
        return e;
    }

    /// <summary>A helper's share is finished, by the helper or by the caller that claimed it.</summary>
    private void ShareDone(Exception? error)
    {
        if (error is not null) Interlocked.CompareExchange(ref _helperError, error, null);
        if (Interlocked.Decrement(ref _pending) == 0 && Volatile.Read(ref _callerSleeping) != 0) _joined.Set();
    }

    /// <summary>
    /// One helper thread and its mailbox: the work and worker index of its next share, announced by a ticket, and whether
    /// the share has been claimed (by the helper or by the caller).
    /// </summary>
    private sealed class Helper
    {
        private readonly CpuWorkerTeam _team;
        private readonly ManualResetEventSlim _wake = new(false, 0);
        private ParallelWork? _work;
        private int _worker;
        private int _ticket;
        private int _sleeping;
        private int _claimed = 1;

        public Helper(CpuWorkerTeam team, int index)
        {
            _team = team;
            new Thread(Loop) { IsBackground = true, Name = $"GraphGen CPU worker {index}" }.Start();
        }

        /// <summary>Hands the helper its share of a region (called only when its previous share is done).</summary>
        public void Start(ParallelWork work, int worker)
        {
            _work = work;
            _worker = worker;
            Volatile.Write(ref _claimed, 0); // release: whoever claims the share sees the work
            Interlocked.Increment(ref _ticket); // full fence: the share is open before the ticket announces it
            if (Volatile.Read(ref _sleeping) != 0) _wake.Set();
        }

        /// <summary>Takes the open share; false when it was taken already (or none is open).</summary>
        public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

        private void Loop()
        {
            CpuParallel.MarkWorkerThread();
            int seen = 0;
            while (true)
            {
                seen = WaitForTicket(seen);
                // A late helper may find its share run by the caller, or a newer share already open (the caller
                // finished the old region without it): it runs whatever share it claims, read after the claim.
                if (!TryClaim()) continue;
                Exception? error = null;
                try
                {
                    _work!.Execute(_worker);
                }
                catch (Exception e)
                {
                    error = e;
                }

                _team.ShareDone(error);
            }
        }

        private int WaitForTicket(int seen)
        {
            long spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
            while (true)
            {
                int ticket = Volatile.Read(ref _ticket);
                if (ticket != seen) return ticket;
                if (Stopwatch.GetTimestamp() < spinUntil)
                {
                    Thread.SpinWait(8);
                    continue;
                }

                // As in Join: the flag (full fence) before the ticket is read again; Start bumps the ticket (full fence) before it reads the flag.
                _wake.Reset();
                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref _ticket) == seen) _wake.Wait();
                Volatile.Write(ref _sleeping, 0);
            }
        }
    }
}
