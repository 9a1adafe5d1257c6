using System.Runtime.Intrinsics;

namespace GraphGen.Kernels.Cpu.Simd;

/// <summary>
/// Which <see cref="ISimdFloat{TSelf}"/> width generated fused elementwise loops use: the widest the CPU
/// accelerates (Vector512, else Vector256, else Vector128, else none), unless a test or benchmark forces one
/// on its own thread with <see cref="Override"/>.
/// </summary>
public static class SimdDispatch
{
    [ThreadStatic] private static SimdWidth? t_override;

    /// <summary>The hardware's widest accelerated width.</summary>
    public static SimdWidth Hardware { get; } =
        Vector512.IsHardwareAccelerated ? SimdWidth.V512 :
        Vector256.IsHardwareAccelerated ? SimdWidth.V256 :
        Vector128.IsHardwareAccelerated ? SimdWidth.V128 : SimdWidth.Scalar;

    /// <summary>
    /// For tests and benchmarks, per calling thread: forces a width (any width is correct on any CPU, a wider
    /// one than the hardware's is only emulated and slow); null (the default) uses <see cref="Hardware"/>.
    /// </summary>
    public static SimdWidth? Override { get => t_override; set => t_override = value; }

    /// <summary>The width loops on this thread run at now.</summary>
    public static SimdWidth Width => t_override ?? Hardware;
}
