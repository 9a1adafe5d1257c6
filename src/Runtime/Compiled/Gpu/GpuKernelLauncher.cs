using System.ComponentModel;
using GraphGen.Kernels.Gpu;
using ILGPU;

namespace GraphGen.Compiled.Gpu;

/// <summary>
/// Generated code's entry point for launching its own kernels: a static method <c>(Index1D i, TArgs args)</c> marked
/// <see cref="GpuKernelAttribute"/>, whose one struct argument holds all its buffers and scalars (so a fused chain of
/// any length needs one overload), over <c>count</c> threads on the workspace's device. It launches through the
/// runtime's one launcher (<see cref="GpuLaunch"/>): compiled once per accelerator, cached by method, nothing for 0.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GpuKernelLauncher
{
    public static void Launch<TSizes, TArgs>(GpuWorkspace<TSizes> ws, Action<Index1D, TArgs> kernel, int count, TArgs args)
        where TSizes : struct, IEquatable<TSizes> where TArgs : struct =>
        GpuLaunch.Run(ws.Gpu, kernel, count, args);
}
