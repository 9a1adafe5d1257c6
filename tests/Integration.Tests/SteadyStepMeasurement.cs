using GraphGen.Kernels.Cpu;

namespace GraphGen.Integration;

/// <summary>
/// How the steady-step allocation tests measure: alone (no other test class runs meanwhile, so none shares the worker team
/// or changes <see cref="CpuThreads.Count"/>), and as the fewest bytes of three windows of steps. An allocation made by
/// every step shows in every window; a one-off one (a pooled array trimmed after another collection, a lock a wait creates
/// the first time it blocks) does not make a steady step allocate.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SteadyStepMeasurement
{
    public const string Name = "Steady-step allocations";

    /// <summary>The fewest managed bytes this thread allocated in one of three windows of <paramref name="steps"/> steps, after <paramref name="warmUp"/> steps, on <paramref name="threads"/> threads.</summary>
    public static long AllocatedBytes(Action step, int threads, int warmUp, int steps)
    {
        int threadsBefore = CpuThreads.Count;
        CpuThreads.Count = threads;
        try
        {
            for (int i = 0; i < warmUp; i++) step();
            long fewest = long.MaxValue;
            for (int window = 0; window < 3 && fewest > 0; window++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < steps; i++) step();
                fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            return fewest;
        }
        finally
        {
            CpuThreads.Count = threadsBefore;
        }
    }
}
