using GraphGen.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Launches kernels on a device's stream: each kernel is compiled for the device's accelerator on first
/// use and cached (<see cref="GpuDevice.Kernel{TKernel, TLauncher}"/>). Launches are asynchronous; copies to the host wait.
/// </summary>
internal static class GpuLaunch
{
    /// <summary>Runs an implicitly grouped kernel over <paramref name="count"/> threads (nothing for 0).</summary>
    public static void Run<T1>(GpuDevice device, Action<Index1D, T1> kernel, int count, T1 a1)
        where T1 : struct
    {
        if (count == 0) return;
        var launch = device.Kernel(kernel.Method, kernel, static (a, k) => a.LoadAutoGroupedKernel(k));
        launch(device.Stream, count, a1);
    }

    /// <summary>Runs an implicitly grouped kernel over <paramref name="count"/> threads (nothing for 0).</summary>
    public static void Run<T1, T2>(GpuDevice device, Action<Index1D, T1, T2> kernel, int count, T1 a1, T2 a2)
        where T1 : struct where T2 : struct
    {
        if (count == 0) return;
        var launch = device.Kernel(kernel.Method, kernel, static (a, k) => a.LoadAutoGroupedKernel(k));
        launch(device.Stream, count, a1, a2);
    }

    /// <summary>Runs an implicitly grouped kernel over <paramref name="count"/> threads (nothing for 0).</summary>
    public static void Run<T1, T2, T3>(GpuDevice device, Action<Index1D, T1, T2, T3> kernel, int count, T1 a1, T2 a2, T3 a3)
        where T1 : struct where T2 : struct where T3 : struct
    {
        if (count == 0) return;
        var launch = device.Kernel(kernel.Method, kernel, static (a, k) => a.LoadAutoGroupedKernel(k));
        launch(device.Stream, count, a1, a2, a3);
    }

    /// <summary>Runs an implicitly grouped kernel over <paramref name="count"/> threads (nothing for 0).</summary>
    public static void Run<T1, T2, T3, T4>(GpuDevice device, Action<Index1D, T1, T2, T3, T4> kernel, int count, T1 a1, T2 a2, T3 a3, T4 a4)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct
    {
        if (count == 0) return;
        var launch = device.Kernel(kernel.Method, kernel, static (a, k) => a.LoadAutoGroupedKernel(k));
        launch(device.Stream, count, a1, a2, a3, a4);
    }

    /// <summary>Runs an implicitly grouped kernel over <paramref name="count"/> threads (nothing for 0).</summary>
    public static void Run<T1, T2, T3, T4, T5>(GpuDevice device, Action<Index1D, T1, T2, T3, T4, T5> kernel, int count, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct
    {
        if (count == 0) return;
        var launch = device.Kernel(kernel.Method, kernel, static (a, k) => a.LoadAutoGroupedKernel(k));
        launch(device.Stream, count, a1, a2, a3, a4, a5);
    }

    /// <summary>Runs an implicitly grouped kernel over <paramref name="count"/> threads (nothing for 0).</summary>
    public static void Run<T1, T2, T3, T4, T5, T6>(GpuDevice device, Action<Index1D, T1, T2, T3, T4, T5, T6> kernel, int count, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct
    {
        if (count == 0) return;
        var launch = device.Kernel(kernel.Method, kernel, static (a, k) => a.LoadAutoGroupedKernel(k));
        launch(device.Stream, count, a1, a2, a3, a4, a5, a6);
    }

    /// <summary>Runs an implicitly grouped kernel over <paramref name="count"/> threads (nothing for 0).</summary>
    public static void Run<T1, T2, T3, T4, T5, T6, T7>(GpuDevice device, Action<Index1D, T1, T2, T3, T4, T5, T6, T7> kernel, int count, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct
    {
        if (count == 0) return;
        var launch = device.Kernel(kernel.Method, kernel, static (a, k) => a.LoadAutoGroupedKernel(k));
        launch(device.Stream, count, a1, a2, a3, a4, a5, a6, a7);
    }

    /// <summary>Runs an implicitly grouped kernel over <paramref name="count"/> threads (nothing for 0).</summary>
    public static void Run<T1, T2, T3, T4, T5, T6, T7, T8>(GpuDevice device, Action<Index1D, T1, T2, T3, T4, T5, T6, T7, T8> kernel, int count, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct
    {
        if (count == 0) return;
        var launch = device.Kernel(kernel.Method, kernel, static (a, k) => a.LoadAutoGroupedKernel(k));
        launch(device.Stream, count, a1, a2, a3, a4, a5, a6, a7, a8);
    }

    /// <summary>Runs an implicitly grouped kernel over <paramref name="count"/> threads (nothing for 0).</summary>
    public static void Run<T1, T2, T3, T4, T5, T6, T7, T8, T9>(GpuDevice device, Action<Index1D, T1, T2, T3, T4, T5, T6, T7, T8, T9> kernel, int count, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct
    {
        if (count == 0) return;
        var launch = device.Kernel(kernel.Method, kernel, static (a, k) => a.LoadAutoGroupedKernel(k));
        launch(device.Stream, count, a1, a2, a3, a4, a5, a6, a7, a8, a9);
    }

    /// <summary>Runs an implicitly grouped kernel over <paramref name="count"/> threads (nothing for 0).</summary>
    public static void Run<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>(GpuDevice device, Action<Index1D, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> kernel, int count,
        T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct
        where T10 : struct
    {
        if (count == 0) return;
        var launch = device.Kernel(kernel.Method, kernel, static (a, k) => a.LoadAutoGroupedKernel(k));
        launch(device.Stream, count, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10);
    }

    /// <summary>Runs an explicitly grouped kernel with the given grid and group sizes.</summary>
    public static void RunGrouped<T1, T2, T3>(GpuDevice device, Action<T1, T2, T3> kernel, KernelConfig config, T1 a1, T2 a2, T3 a3)
        where T1 : struct where T2 : struct where T3 : struct
    {
        var launch = device.Kernel(kernel.Method, kernel, static (a, k) => a.LoadKernel(k));
        launch(device.Stream, config, a1, a2, a3);
    }

    /// <summary>Runs an explicitly grouped kernel with the given grid and group sizes.</summary>
    public static void RunGrouped<T1, T2, T3, T4>(GpuDevice device, Action<T1, T2, T3, T4> kernel, KernelConfig config, T1 a1, T2 a2, T3 a3, T4 a4)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct
    {
        var launch = device.Kernel(kernel.Method, kernel, static (a, k) => a.LoadKernel(k));
        launch(device.Stream, config, a1, a2, a3, a4);
    }

    /// <summary>Runs an explicitly grouped kernel with the given grid and group sizes.</summary>
    public static void RunGrouped<T1, T2, T3, T4, T5>(GpuDevice device, Action<T1, T2, T3, T4, T5> kernel, KernelConfig config, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct
    {
        var launch = device.Kernel(kernel.Method, kernel, static (a, k) => a.LoadKernel(k));
        launch(device.Stream, config, a1, a2, a3, a4, a5);
    }

    /// <summary>Runs an explicitly grouped kernel with the given grid and group sizes.</summary>
    public static void RunGrouped<T1, T2, T3, T4, T5, T6, T7>(GpuDevice device, Action<T1, T2, T3, T4, T5, T6, T7> kernel, KernelConfig config,
        T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct
    {
        var launch = device.Kernel(kernel.Method, kernel, static (a, k) => a.LoadKernel(k));
        launch(device.Stream, config, a1, a2, a3, a4, a5, a6, a7);
    }

    /// <summary>Runs an explicitly grouped kernel with the given grid and group sizes.</summary>
    public static void RunGrouped<T1, T2, T3, T4, T5, T6, T7, T8>(GpuDevice device, Action<T1, T2, T3, T4, T5, T6, T7, T8> kernel, KernelConfig config,
        T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct
    {
        var launch = device.Kernel(kernel.Method, kernel, static (a, k) => a.LoadKernel(k));
        launch(device.Stream, config, a1, a2, a3, a4, a5, a6, a7, a8);
    }
}
