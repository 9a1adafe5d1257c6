using System.Collections.Concurrent;
using GraphGen.Kernels.Cpu;
using Xunit;

namespace GraphGen.Tests.Kernels.Cpu;

/// <summary>
/// The persistent worker team behind <see cref="CpuParallel"/>: every share runs once, worker 0 on the caller and the
/// others on other threads; nested regions stay on their worker; concurrent callers all get their results; an
/// exception reaches the caller and leaves the team usable; and a region, and a GEMM split across 2 threads, allocate
/// nothing once warm.
/// </summary>
[Collection(CpuThreadsCollection.Name)]
public class CpuWorkerTeamTests
{
    [Fact]
    public void EveryShareRunsOnceAndWorkerZeroOnTheCaller()
    {
        var team = new CpuWorkerTeam(); // its own team: the shared one may be busy with another test's region
        var work = new RecordingWork(4);
        for (int region = 1; region <= 100; region++)
        {
            Assert.True(team.TryRun(work, 4));
            Assert.Equal([region, region, region, region], work.Runs);
            Assert.Equal(Environment.CurrentManagedThreadId, work.Threads[0]);
            if (region % 25 == 0) Thread.Sleep(5); // long enough for the helpers to stop spinning and block
        }

        Assert.True(team.TryRun(work, 2)); // fewer workers than helpers: the others stay idle
        Assert.Equal([101, 101, 100, 100], work.Runs);
        Assert.Equal(3, team.HelperCount);
    }

    [Fact]
    public void HelpersRunTheirSharesAlongsideTheCaller()
    {
        // The caller's share waits until shares 1-3 have run, so they cannot wait for the caller to take them over:
        // the helpers must run them, on their own threads, while the caller's share is still running.
        var team = new CpuWorkerTeam();
        var threads = new int[4];
        for (int region = 0; region < 3; region++) // the first region starts the helpers; later ones find them spinning or asleep
        {
            using var othersDone = new CountdownEvent(3);
            bool waited = false;
            Assert.True(team.TryRun(new DelegateWork(w =>
            {
                threads[w] = Environment.CurrentManagedThreadId;
                if (w == 0) waited = othersDone.Wait(TimeSpan.FromSeconds(60));
                else othersDone.Signal();
            }), 4));
            Assert.True(waited, "shares 1-3 did not run while the caller's share was running");
            Assert.Equal(4, threads.Distinct().Count());
            Thread.Sleep(region * 5);
        }
    }

    [Fact]
    public void TheCallerRunsTheSharesOfHelpersThatHaveNotStarted()
    {
        // Regions of empty shares back to back: the caller is done with its own share before a helper can claim its
        // share, so the caller races the helpers for theirs, region after region; every share still runs exactly once.
        var team = new CpuWorkerTeam();
        var work = new RecordingWork(3);
        for (int region = 1; region <= 2000; region++) Assert.True(team.TryRun(work, 3));
        Assert.Equal([2000, 2000, 2000], work.Runs);
    }

    [Fact]
    public void ASecondCallerIsToldTheTeamIsBusy()
    {
        var team = new CpuWorkerTeam();
        bool? nested = null;
        var work = new DelegateWork(w =>
        {
            if (w == 0) nested = team.TryRun(new RecordingWork(2), 2);
        });
        Assert.True(team.TryRun(work, 2));
        Assert.False(nested);
        Assert.False(CpuParallel.InWorker); // CpuParallel's flag is untouched by the bare team
    }

    [Fact]
    public void ANestedRegionRunsOnItsWorkersThread()
    {
        var inner = new ConcurrentBag<(int Outer, int Thread)>();
        CpuParallel.Run(2, new DelegateWork(outer =>
        {
            int thread = Environment.CurrentManagedThreadId;
            Assert.True(CpuParallel.InWorker);
            Assert.Equal(1, CpuParallel.WorkerCount(1L << 40, 1, 64)); // a kernel inside a share asks for one worker
            CpuParallel.Run(3, new DelegateWork(w => inner.Add((outer, Environment.CurrentManagedThreadId))));
            Assert.All(inner.Where(e => e.Outer == outer), e => Assert.Equal(thread, e.Thread));
        }));
        Assert.Equal(6, inner.Count);
    }

    [Fact]
    public void ConcurrentCallersAllGetTheirResults()
    {
        // Four threads run regions at once: one gets the team, the others run their shares themselves; all sums are right.
        const int regions = 200, workers = 3;
        var failures = new ConcurrentBag<string>();
        var callers = Enumerable.Range(0, 4).Select(c => new Thread(() =>
        {
            var total = new long[1];
            for (int r = 0; r < regions; r++)
            {
                total[0] = 0;
                CpuParallel.Run(workers, new DelegateWork(w =>
                {
                    var (start, end) = CpuParallel.Range(3000, workers, w);
                    long s = 0;
                    for (int i = start; i < end; i++) s += i + c;
                    Interlocked.Add(ref total[0], s);
                }));
                long expected = 2999L * 3000 / 2 + 3000L * c;
                if (total[0] != expected) failures.Add($"caller {c}, region {r}: {total[0]} instead of {expected}");
            }
        })).ToList();
        callers.ForEach(t => t.Start());
        callers.ForEach(t => t.Join());
        Assert.Empty(failures);
    }

    [Fact]
    public void AnExceptionInAHelperReachesTheCallerAndTheTeamStillWorks()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CpuParallel.Run(3, new DelegateWork(w =>
        {
            if (w == 2) throw new InvalidOperationException($"share {w} failed");
        })));
        Assert.Equal("share 2 failed", error.Message);

        var callerError = Assert.Throws<ArgumentException>(() => CpuParallel.Run(2, new DelegateWork(w =>
        {
            if (w == 0) throw new ArgumentException("the caller's share failed");
            Thread.Sleep(20); // the helper is still running when the caller's share throws: the caller waits for it
        })));
        Assert.Equal("the caller's share failed", callerError.Message);

        var work = new RecordingWork(3);
        CpuParallel.Run(3, work);
        Assert.Equal([1, 1, 1], work.Runs);
    }

    [Fact]
    public void ARegionAllocatesNothingOnceWarm()
    {
        var work = new RecordingWork(2);
        for (int i = 0; i < 10; i++) CpuParallel.Run(2, work);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) CpuParallel.Run(2, work);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal([110, 110], work.Runs);
    }

    [Fact]
    public void ACallerThatFirstBlocksAtTheJoinAfterWarmUpAllocatesNothing()
    {
        // On a loaded machine a steady training step's caller may block at the join for the first time long after
        // warm-up (a helper's share outlasts the caller's spin): that first blocking wait must not allocate either.
        var team = new CpuWorkerTeam();
        var work = new SlowHelperWork();
        for (int i = 0; i < 10; i++) Assert.True(team.TryRun(work, 2));
        work.HelperSleeps = true; // the helper has begun its share before the caller's ends, so the caller must wait
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(team.TryRun(work, 2));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(false, true, 64, 128, 784)]   // 784-128-10's forward: split n, A packed once for both workers
    [InlineData(true, false, 128, 784, 64)]   // its weight gradient: split n
    [InlineData(false, false, 300, 100, 200)] // split m, B packed once for both workers
    public void AGemmOnTwoThreadsAllocatesNothingOnceWarm(bool transA, bool transB, int m, int n, int k)
    {
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        a.AsSpan().Fill(0.5f);
        b.AsSpan().Fill(0.25f);
        void Multiply() => Gemm.Sgemm(transA, transB, m, n, k, a, transA ? m : k, b, transB ? k : n, c, n);
        int threads = CpuThreads.Count;
        CpuThreads.Count = 2;
        try
        {
            for (int i = 0; i < 5; i++) Multiply();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++) Multiply();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        finally
        {
            CpuThreads.Count = threads;
        }

        Assert.All(c, v => Assert.Equal(0.125f * k, v));
    }

    private sealed class DelegateWork(Action<int> body) : ParallelWork
    {
        public override void Execute(int worker) => body(worker);
    }

    /// <summary>Worker 0's share ends only once worker 1's has begun on its helper; worker 1's then sleeps if asked.</summary>
    private sealed class SlowHelperWork : ParallelWork
    {
        private int _begun;

        public bool HelperSleeps { get; set; }

        public override void Execute(int worker)
        {
            if (worker == 0)
            {
                while (Interlocked.Exchange(ref _begun, 0) == 0) Thread.SpinWait(16);
                return;
            }

            Volatile.Write(ref _begun, 1);
            if (HelperSleeps) Thread.Sleep(20);
        }
    }

    /// <summary>Counts each share's runs and remembers the thread of its last run.</summary>
    private sealed class RecordingWork(int workers) : ParallelWork
    {
        public int[] Runs { get; } = new int[workers];

        public int[] Threads { get; } = new int[workers];

        public override void Execute(int worker)
        {
            Interlocked.Increment(ref Runs[worker]);
            Threads[worker] = Environment.CurrentManagedThreadId;
        }
    }
}
