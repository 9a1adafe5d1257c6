namespace GraphGen.Kernels.Cpu;

/// <summary>
/// One parallel region's work as an object the caller keeps and reuses (a field set per call, not a closure), so
/// handing it to <see cref="CpuWorkerTeam"/> allocates nothing.
/// </summary>
internal abstract class ParallelWork
{
    /// <summary>Worker <paramref name="worker"/>'s share of the region (0 runs on the calling thread).</summary>
    public abstract void Execute(int worker);
}
