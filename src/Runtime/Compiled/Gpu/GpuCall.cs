using System.ComponentModel;
using GraphGen.Gpu;
using GraphGen.Kernels.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen.Compiled.Gpu;

/// <summary>
/// What a generated GPU <c>Call</c> needs around its kernels: whether the compiled path applies (float32
/// tensors on one CUDA device), device views of tensors, the output as a new tensor, the incoming gradient
/// copied into a planned buffer, gradients handed back on the device, and the launch of its own kernels.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GpuCall
{
    /// <summary>True for a float32 tensor on the CUDA device <paramref name="device"/> (or null, an absent bias).</summary>
    public static bool IsFloat32On(Tensor? t, Device device) =>
        t is null || (t.DType == DType.Float32 && t.Device.Type == DeviceType.Cuda && t.Device == device);

    /// <summary>As <see cref="IsFloat32On"/>, and dense: parameters are read in place by the kernels.</summary>
    public static bool IsDenseFloat32On(Tensor? t, Device device) => IsFloat32On(t, device) && (t is null || t.IsContiguous);

    /// <summary>The elements of a contiguous float32 CUDA tensor as a device view (no copy).</summary>
    public static ArrayView<float> ViewOf(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Storage is not GpuStorage gpu || t.DType != DType.Float32 || !t.IsContiguous)
            throw new ArgumentException($"Compiled GPU code reads contiguous float32 CUDA tensors, but got a {t.DType.TorchName()} tensor on {t.Device} (contiguous: {t.IsContiguous}).", nameof(t));
        return gpu.View<float>().SubView(t.Offset, t.NumEl);
    }

    /// <summary>True for an index input (int64 or int32 ids, read by Embeddings) on the CUDA device <paramref name="device"/>.</summary>
    public static bool IsIndicesOn(Tensor t, Device device) => t.DType is DType.Int64 or DType.Int32 && t.Device.Type == DeviceType.Cuda && t.Device == device;

    /// <summary>The elements of a contiguous int64 CUDA tensor (an index input as <see cref="CompiledCall.Indices"/> makes it) as a device view (no copy).</summary>
    public static ArrayView<long> IndicesViewOf(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Storage is not GpuStorage gpu || t.DType != DType.Int64 || !t.IsContiguous)
            throw new ArgumentException($"Compiled GPU code reads indices as contiguous int64 CUDA tensors, but got a {t.DType.TorchName()} tensor on {t.Device} (contiguous: {t.IsContiguous}).", nameof(t));
        return gpu.View<long>().SubView(t.Offset, t.NumEl);
    }

    /// <summary>The view of an optional tensor (an absent bias, a gradient nobody wants): empty for null.</summary>
    public static ArrayView<float> ViewOrEmpty(Tensor? t) => t is null ? default : ViewOf(t);

    /// <summary>A new float32 tensor on the workspace's device (in the current <see cref="GpuScope"/>), uninitialised.</summary>
    public static Tensor NewTensor<TSizes>(GpuWorkspace<TSizes> ws, int[] shape) where TSizes : struct, IEquatable<TSizes> =>
        GpuTensorOps.Empty(ws.Device, DType.Float32, shape);

    /// <summary>
    /// The call's result: a new tensor holding a device copy of <paramref name="values"/>, so the caller's result
    /// never aliases a buffer the next call reuses. It belongs to the current <see cref="GpuScope"/>, as any op's result.
    /// </summary>
    public static Tensor Output<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> values, params int[] shape) where TSizes : struct, IEquatable<TSizes>
    {
        var output = NewTensor(ws, shape);
        Copy(ws, values, ViewOf(output), accumulate: false);
        return output;
    }

    /// <summary>Copies an incoming gradient (any layout, floating dtype or device) into a planned float32 buffer of the same element count.</summary>
    public static void CopyGradient<TSizes>(GpuWorkspace<TSizes> ws, Tensor gradient, ArrayView<float> destination) where TSizes : struct, IEquatable<TSizes>
    {
        if (gradient.NumEl != destination.Length)
            throw new ArgumentException($"The gradient has {gradient.NumEl} elements (shape {gradient.Shape}) but the output it belongs to has {destination.Length}.", nameof(gradient));
        Tensor g;
        using (Autograd.NoGrad())
        {
            g = gradient.Detach();
            if (g.Device != ws.Device) g = g.To(ws.Device);
            if (g.DType != DType.Float32) g = g.To(DType.Float32);
            g = g.Contiguous();
        }

        Copy(ws, ViewOf(g), destination, accumulate: false);
    }

    /// <summary>True when the parameter wants a gradient (present and requiring one).</summary>
    public static bool Wants(Tensor? parameter) => parameter is { RequiresGrad: true };

    /// <summary>
    /// Where a parameter's gradient goes, as the CPU backend's <see cref="GradientTarget"/> decides: a leaf's float32
    /// <see cref="Tensor.Grad"/> on the same device is added to in place (<c>Accumulate</c>); a leaf without a Grad
    /// gets a new one, written directly and owned by the tensor (not the scope); anything else (a non-leaf) gets a
    /// new tensor handed back to autograd (<c>ForAutograd</c>). Call it in the order the kernels run, so a
    /// parameter used twice accumulates its second contribution.
    /// </summary>
    internal static (ArrayView<float> View, bool Accumulate, Tensor? ForAutograd) TargetOf<TSizes>(GpuWorkspace<TSizes> ws, Tensor p) where TSizes : struct, IEquatable<TSizes>
    {
        if (p.IsLeaf && p.Grad is { } grad && grad.DType == DType.Float32 && grad.IsContiguous && grad.Device == ws.Device && grad.Shape.Equals(p.Shape))
            return (ViewOf(grad), true, null);
        var fresh = NewTensor(ws, p.Shape.ToArray());
        if (p.IsLeaf && p.Grad is null)
        {
            ((GpuStorage)fresh.Storage).AdoptAsGradient(); // released when replaced or cleared, not at the end of a scope
            p.Grad = fresh;
            return (ViewOf(fresh), false, null);
        }

        return (ViewOf(fresh), false, fresh);
    }

    /// <summary>dst (+)= src on the device.</summary>
    public static void Copy<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> src, ArrayView<float> dst, bool accumulate) where TSizes : struct, IEquatable<TSizes>
    {
        if (src.Length != dst.Length)
            throw new ArgumentException($"Compiled GPU copy: the source has {src.Length} elements but the destination {dst.Length}.");
        GpuLaunch.Run(ws.Gpu, CopyKernels.Accumulate, (int)src.Length, src, dst, accumulate ? 1 : 0);
    }

    /// <summary>
    /// Launches one of the generated kernels: a static method <c>(Index1D i, TArgs args)</c> marked
    /// <see cref="GpuKernelAttribute"/>, whose one struct argument holds all its buffers and scalars (so a fused chain of
    /// any length needs one overload), over <paramref name="count"/> threads on the workspace's device, through the
    /// runtime's one launcher (<see cref="GpuLaunch"/>: compiled once per accelerator, cached by method, nothing for 0).
    /// </summary>
    public static void Launch<TSizes, TArgs>(GpuWorkspace<TSizes> ws, Action<Index1D, TArgs> kernel, int count, TArgs args)
        where TSizes : struct, IEquatable<TSizes> where TArgs : struct =>
        GpuLaunch.Run(ws.Gpu, kernel, count, args);
}
