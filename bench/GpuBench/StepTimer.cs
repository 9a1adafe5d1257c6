using System.Diagnostics;
using GraphGen.Gpu;

namespace GraphGen.Bench.Gpu;

/// <summary>Times device work: kernels run asynchronously, so the clock starts and stops on a synchronized device.</summary>
public static class StepTimer
{
    /// <summary>Microseconds per call of <paramref name="step"/>, after <paramref name="warmUp"/> untimed calls (JIT, kernel compilation, pool).</summary>
    public static double MicrosecondsPerCall(Action step, int warmUp, int calls)
    {
        for (int i = 0; i < warmUp; i++) step();
        GpuRuntime.Synchronize();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++) step();
        GpuRuntime.Synchronize();
        return clock.Elapsed.TotalMicroseconds / calls;
    }
}
