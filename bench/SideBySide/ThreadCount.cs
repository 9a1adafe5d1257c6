using System.Reflection;

namespace GraphGen.Bench.SideBySide;

/// <summary>
/// Sets the worker count of both libraries: torch.set_num_threads for libtorch and
/// GraphGen.Kernels.Cpu.CpuThreads.Count for GraphGen's kernels.
/// </summary>
/// <remarks>
/// CpuThreads arrives with the register-blocked GEMM; it is looked up by name so this harness builds
/// against runtimes with and without it. Without it GraphGen keeps its default worker count and the
/// table says so (<see cref="GraphGenControllable"/>).
/// </remarks>
public static class ThreadCount
{
    private const string CpuThreadsTypeName = "GraphGen.Kernels.Cpu.CpuThreads";

    private static readonly PropertyInfo? CountProperty =
        typeof(Tensor).Assembly.GetType(CpuThreadsTypeName)?.GetProperty("Count", BindingFlags.Public | BindingFlags.Static);

    /// <summary>True when the GraphGen runtime exposes a settable CpuThreads.Count.</summary>
    public static bool GraphGenControllable => CountProperty is { CanWrite: true, PropertyType.Name: nameof(Int32) };

    public static void Set(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "Thread count must be at least 1.");
        TorchSharp.torch.set_num_threads(threads);
        if (GraphGenControllable) CountProperty!.SetValue(null, threads);
    }

    /// <summary>What the table header says about GraphGen's threads.</summary>
    public static string GraphGenDescription(int requested) => GraphGenControllable
        ? $"{CountProperty!.GetValue(null)}"
        : $"default ({CpuThreadsTypeName} not in this runtime; {requested} applies to TorchSharp only)";
}
