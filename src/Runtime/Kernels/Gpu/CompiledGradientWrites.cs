using GraphGen.Compiled.Gpu;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// How the compiled CNN launches (<see cref="ConvLaunches"/>, <see cref="PoolLaunches"/>, <see cref="NormLaunches"/>)
/// hand gradients over, as the Linear launches do: an input gradient is written or, when the buffer already holds
/// another consumer's contribution, added through a pooled temporary; a parameter's gradient goes where
/// <see cref="GpuCall.TargetOf"/> says (into its Grad, or a new tensor returned for autograd).
/// </summary>
internal static class CompiledGradientWrites
{
    /// <summary>dx = what <paramref name="write"/> writes, or dx += it when <paramref name="accumulate"/>. Nothing for an empty dx.</summary>
    public static void WriteOrAdd<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dx, bool accumulate, Action<ArrayView<float>> write)
        where TSizes : struct, IEquatable<TSizes>
    {
        if (dx.Length == 0) return;
        if (!accumulate)
        {
            write(dx);
            return;
        }
        using var temporary = new DeviceScratch<float>(ws.Gpu, dx.Length);
        write(temporary.View);
        GpuCall.Copy(ws, temporary.View, dx, accumulate: true);
    }

    /// <summary>The parameter's gradient from <paramref name="write"/>, placed as <see cref="GpuCall.TargetOf"/> decides; null when none is wanted or it went into Grad.</summary>
    public static Tensor? IntoParameter<TSizes>(GpuWorkspace<TSizes> ws, Tensor? parameter, Action<ArrayView<float>> write)
        where TSizes : struct, IEquatable<TSizes>
    {
        if (!GpuCall.Wants(parameter)) return null;
        var (target, accumulate, forAutograd) = GpuCall.TargetOf(ws, parameter!);
        WriteOrAdd(ws, target, accumulate, write);
        return forAutograd;
    }

    /// <summary>A parameter's gradient already computed into <paramref name="values"/>, placed as <see cref="IntoParameter"/> does.</summary>
    public static Tensor? CopyIntoParameter<TSizes>(GpuWorkspace<TSizes> ws, Tensor? parameter, ArrayView<float> values)
        where TSizes : struct, IEquatable<TSizes> =>
        IntoParameter(ws, parameter, target => GpuCall.Copy(ws, values, target, accumulate: false));
}
