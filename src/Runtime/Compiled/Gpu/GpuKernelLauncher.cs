using System.ComponentModel;
using GraphGen.Kernels.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen.Compiled.Gpu;

/// <summary>
/// Launches a one-thread-per-element kernel (a static method <c>(Index1D i, ...)</c>
/// marked <see cref="GpuKernelAttribute"/>) over <c>count</c> threads on the workspace's device. Each kernel is
/// compiled for an accelerator once and cached by its method; empty launches do nothing. One overload per
/// argument count, as ILGPU's own loaders, up to the runtime's largest kernel; generated kernels take one struct of
/// all their buffers and scalars, so a fused chain of any length needs no more.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GpuKernelLauncher
{
    public static void Launch<TSizes, T1>(GpuWorkspace<TSizes> ws, Action<Index1D, T1> kernel, int count, T1 a1)
        where TSizes : struct, IEquatable<TSizes> where T1 : struct
    {
        if (count == 0) return;
        ws.Gpu.Kernel(kernel.Method, a => a.LoadAutoGroupedKernel(kernel))(ws.Gpu.Stream, count, a1);
    }

    public static void Launch<TSizes, T1, T2>(GpuWorkspace<TSizes> ws, Action<Index1D, T1, T2> kernel, int count, T1 a1, T2 a2)
        where TSizes : struct, IEquatable<TSizes> where T1 : struct where T2 : struct
    {
        if (count == 0) return;
        ws.Gpu.Kernel(kernel.Method, a => a.LoadAutoGroupedKernel(kernel))(ws.Gpu.Stream, count, a1, a2);
    }

    public static void Launch<TSizes, T1, T2, T3>(GpuWorkspace<TSizes> ws, Action<Index1D, T1, T2, T3> kernel, int count, T1 a1, T2 a2, T3 a3)
        where TSizes : struct, IEquatable<TSizes> where T1 : struct where T2 : struct where T3 : struct
    {
        if (count == 0) return;
        ws.Gpu.Kernel(kernel.Method, a => a.LoadAutoGroupedKernel(kernel))(ws.Gpu.Stream, count, a1, a2, a3);
    }

    public static void Launch<TSizes, T1, T2, T3, T4>(GpuWorkspace<TSizes> ws, Action<Index1D, T1, T2, T3, T4> kernel, int count, T1 a1, T2 a2, T3 a3, T4 a4)
        where TSizes : struct, IEquatable<TSizes> where T1 : struct where T2 : struct where T3 : struct where T4 : struct
    {
        if (count == 0) return;
        ws.Gpu.Kernel(kernel.Method, a => a.LoadAutoGroupedKernel(kernel))(ws.Gpu.Stream, count, a1, a2, a3, a4);
    }

    public static void Launch<TSizes, T1, T2, T3, T4, T5>(GpuWorkspace<TSizes> ws, Action<Index1D, T1, T2, T3, T4, T5> kernel, int count, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5)
        where TSizes : struct, IEquatable<TSizes> where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct
    {
        if (count == 0) return;
        ws.Gpu.Kernel(kernel.Method, a => a.LoadAutoGroupedKernel(kernel))(ws.Gpu.Stream, count, a1, a2, a3, a4, a5);
    }

    public static void Launch<TSizes, T1, T2, T3, T4, T5, T6>(GpuWorkspace<TSizes> ws, Action<Index1D, T1, T2, T3, T4, T5, T6> kernel, int count, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6)
        where TSizes : struct, IEquatable<TSizes> where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct
    {
        if (count == 0) return;
        ws.Gpu.Kernel(kernel.Method, a => a.LoadAutoGroupedKernel(kernel))(ws.Gpu.Stream, count, a1, a2, a3, a4, a5, a6);
    }

    public static void Launch<TSizes, T1, T2, T3, T4, T5, T6, T7>(GpuWorkspace<TSizes> ws, Action<Index1D, T1, T2, T3, T4, T5, T6, T7> kernel, int count, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7)
        where TSizes : struct, IEquatable<TSizes> where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct
    {
        if (count == 0) return;
        ws.Gpu.Kernel(kernel.Method, a => a.LoadAutoGroupedKernel(kernel))(ws.Gpu.Stream, count, a1, a2, a3, a4, a5, a6, a7);
    }

    public static void Launch<TSizes, T1, T2, T3, T4, T5, T6, T7, T8>(GpuWorkspace<TSizes> ws, Action<Index1D, T1, T2, T3, T4, T5, T6, T7, T8> kernel, int count, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8)
        where TSizes : struct, IEquatable<TSizes> where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct
    {
        if (count == 0) return;
        ws.Gpu.Kernel(kernel.Method, a => a.LoadAutoGroupedKernel(kernel))(ws.Gpu.Stream, count, a1, a2, a3, a4, a5, a6, a7, a8);
    }
}
