namespace GraphGen.Kernels.Cpu;

/// <summary>Process-wide cap on the worker threads CPU kernels may use.</summary>
public static class CpuThreads
{
    /// <summary>
    /// Maximum number of workers any kernel may use (including the calling thread); 1 means single-threaded.
    /// Values below 1 are treated as 1. Defaults to <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    public static int Count { get; set; } = Environment.ProcessorCount;
}
