using GraphGen.Compiled.Gpu;
using GraphGen.Gpu;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Where a compiled launch (<see cref="ConvLaunches"/>, <see cref="PoolLaunches"/>, <see cref="NormLaunches"/>, ...) writes
/// a gradient, as the CPU's <c>Overwrite</c> does: into the destination itself, or, when it already holds another
/// contribution, into a pooled temporary that <see cref="Dispose"/> adds onto it. A parameter's gradient goes where
/// <see cref="GpuCall.TargetOf"/> says (into its Grad, or a new tensor handed back for autograd). A struct with no
/// delegate, so a launch allocates nothing on the host beyond what the parameter's first Grad needs.
/// </summary>
internal readonly struct CompiledGradientWrite : IDisposable
{
    private readonly GpuDevice? _device;
    private readonly ArrayView<float> _destination;
    private readonly DeviceScratch<float> _temporary;

    private CompiledGradientWrite(GpuDevice device, ArrayView<float> destination, bool accumulate)
    {
        _device = device;
        _destination = destination;
        _temporary = accumulate ? new DeviceScratch<float>(device, destination.Length) : default;
        Target = accumulate ? _temporary.View : destination;
    }

    /// <summary>The view to write the gradient into (empty: not wanted, write nothing).</summary>
    public ArrayView<float> Target { get; }

    public bool IsWanted => Target.Length > 0;

    /// <summary>dx = what is written into <see cref="Target"/>, or dx += it when <paramref name="accumulate"/>; nothing wanted for an empty dx.</summary>
    public static CompiledGradientWrite Into(GpuDevice device, ArrayView<float> dx, bool accumulate) =>
        dx.Length == 0 ? default : new CompiledGradientWrite(device, dx, accumulate);

    /// <summary>The parameter's gradient target; <paramref name="forAutograd"/> is the tensor to hand back (null when none is wanted or it goes into Grad).</summary>
    public static CompiledGradientWrite IntoParameter<TSizes>(GpuWorkspace<TSizes> ws, Tensor? parameter, out Tensor? forAutograd)
        where TSizes : struct, IEquatable<TSizes>
    {
        forAutograd = null;
        if (!GpuCall.Wants(parameter)) return default;
        var (target, accumulate, fresh) = GpuCall.TargetOf(ws, parameter!);
        forAutograd = fresh;
        return Into(ws.Gpu, target, accumulate);
    }

    /// <summary>Adds the temporary onto the destination (queued on the stream) and hands the temporary back.</summary>
    public void Dispose()
    {
        if (_device is null || _temporary.View.Length == 0) return;
        GpuLaunch.Run(_device, CopyKernels.Accumulate, (int)_destination.Length, _temporary.View, _destination, 1);
        _temporary.Dispose();
    }
}
