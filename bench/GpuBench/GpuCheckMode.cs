using System.Runtime.CompilerServices;
using GraphGen.Bench.GpuCheck;

namespace GraphGen.Bench.Gpu;

/// <summary>
/// `GpuBench --check`: the integration tests' GPU checks (bench/GpuCheck) on the device. Kept in its own method
/// so the benchmark never loads the test assembly (and its module initializer) when it only times.
/// </summary>
public static class GpuCheckMode
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Run(TextWriter output) => GpuTestRunner.RunAll(output) == 0 ? 0 : 4;
}
