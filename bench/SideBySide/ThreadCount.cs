using GraphGen.Kernels.Cpu;

namespace GraphGen.Bench.SideBySide;

/// <summary>
/// Sets the worker count of both libraries: torch.set_num_threads for libtorch and
/// <see cref="CpuThreads.Count"/> for GraphGen's kernels.
/// </summary>
public static class ThreadCount
{
    public static void Set(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "Thread count must be at least 1.");
        TorchSharp.torch.set_num_threads(threads);
        CpuThreads.Count = threads;
        if (TorchSharp.torch.get_num_threads() != threads || CpuThreads.Count != threads)
            throw new InvalidOperationException(
                $"Asked for {threads} thread(s) but TorchSharp runs {TorchSharp.torch.get_num_threads()} and GraphGen {CpuThreads.Count}.");
    }
}
