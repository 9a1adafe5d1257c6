using System.Diagnostics;

namespace GraphGen.Bench.SideBySide;

/// <summary>
/// Times a repeated call: warm-up (JIT tiering, caches, allocator pools), then several repeats of a
/// batch of calls sized from the warm-up so each repeat lasts about <see cref="RepeatTarget"/>.
/// </summary>
/// <remarks>
/// Medians of repeats resist the noise of a shared machine; the mean is reported beside it so a
/// skewed distribution shows. A call slower than the budget allows is still measured once after
/// one warm-up call, and a call slower than the whole budget is reported from its first (cold) run,
/// so a slow kernel costs one or two calls, not minutes.
/// </remarks>
public sealed class CallTimer
{
    public TimeSpan Warmup { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan RepeatTarget { get; init; } = TimeSpan.FromMilliseconds(250);
    public int Repeats { get; init; } = 7;

    /// <summary>Time the repeats of one cell may take together; fewer repeats (at least one) beyond it.</summary>
    public TimeSpan CellBudget { get; init; } = TimeSpan.FromSeconds(6);

    public Measurement Measure(Action call)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        long allocatedBeforeFirst = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        call();
        if (clock.Elapsed > CellBudget)
        {
            // Slower than a whole cell may take (an unoptimized kernel on a big model): report this first,
            // cold call rather than spend another budget on a warm one.
            double micros = clock.Elapsed.TotalMicroseconds;
            return new Measurement(micros, micros, GC.GetAllocatedBytesForCurrentThread() - allocatedBeforeFirst, 1, 1, Cold: true);
        }
        int warmupCalls = 1;
        while (clock.Elapsed < Warmup)
        {
            call();
            warmupCalls++;
        }
        double secondsPerCall = clock.Elapsed.TotalSeconds / warmupCalls;

        int callsPerRepeat = (int)Math.Clamp(RepeatTarget.TotalSeconds / secondsPerCall, 1, 1_000_000);
        int repeats = (int)Math.Clamp(CellBudget.TotalSeconds / (callsPerRepeat * secondsPerCall), 1, Repeats);

        var perCall = new double[repeats];
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long totalTicks = 0;
        for (int r = 0; r < repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < callsPerRepeat; i++) call();
            long ticks = Stopwatch.GetTimestamp() - start;
            totalTicks += ticks;
            perCall[r] = ticks * 1e6 / Stopwatch.Frequency / callsPerRepeat;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        long calls = (long)callsPerRepeat * repeats;

        Array.Sort(perCall);
        double median = repeats % 2 == 1 ? perCall[repeats / 2] : (perCall[repeats / 2 - 1] + perCall[repeats / 2]) / 2;
        double mean = totalTicks * 1e6 / Stopwatch.Frequency / calls;
        return new Measurement(median, mean, (double)allocated / calls, callsPerRepeat, repeats);
    }
}
