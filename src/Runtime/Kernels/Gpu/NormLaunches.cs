using System.ComponentModel;
using GraphGen.Compiled.Gpu;
using ILGPU;
using ILGPU.Runtime;
using Activation = GraphGen.Kernels.Cpu.Activation;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The Norm family's launches as compiled GPU code makes them, in the order of arguments of <see cref="Cpu.NormKernels"/>
/// after the workspace, over float32 buffers. The forward pass saves the statistics it normalised with into planned
/// buffers the backward pass reads (batch norm: <c>mean</c>, <c>invStd</c> per channel and <c>mode</c>[0], 1 when they
/// were the batch's; layer norm: <c>mean</c>, <c>rstd</c> per row). Batch norm does to the layer's buffers what the CPU
/// kernel and the eager layer do: in training it counts num_batches_tracked (an int64 on the device) and updates the
/// running statistics in place, with momentum 1/count when the layer's momentum is None. Parameter gradients come back
/// for autograd through <c>out</c> as for Linear.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class NormLaunches
{
    /// <summary>
    /// y = BatchNorm(x) over [batch, channels, spatial]: the batch's statistics while training (or without running statistics), else the running ones;
    /// then a fused activation (the CPU kernel's argument) in place.
    /// </summary>
    public static void BatchNormForward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mean, ArrayView<float> invStd,
        ArrayView<float> mode, int batch, int channels, int spatial, Tensor? weight, Tensor? bias, Tensor? runningMean, Tensor? runningVar, Tensor? numBatchesTracked,
        double eps, double? momentum, bool training, Activation activation = Activation.None)
        where TSizes : struct, IEquatable<TSizes>
    {
        CheckStatistic("running_mean", runningMean, channels);
        CheckStatistic("running_var", runningVar, channels);
        double m = momentum ?? 0;
        if (training && numBatchesTracked is { } tracked)
        {
            var count = CountView(tracked);
            GpuLaunch.Run(ws.Gpu, NormalizationKernels.CountBatch, 1, count);
            if (momentum is null) m = 1.0 / ReadCount(ws, count);
        }

        bool useBatchStats = training || runningMean is null;
        if (useBatchStats && (long)batch * spatial <= 1)
            throw new ArgumentException($"BatchNorm: expected more than 1 value per channel when training, got {batch}·{spatial} = {(long)batch * spatial} per channel.", nameof(x));
        var a = new BatchNormArgs { Batch = batch, Channels = channels, Spatial = spatial, Training = useBatchStats ? 1 : 0 };
        using var variance = new DeviceScratch<float>(ws.Gpu, useBatchStats ? channels : 0);
        GpuTensorOps.BatchNormForward<float, Float32Math>(ws.Gpu, x, GpuCall.ViewOrEmpty(weight), GpuCall.ViewOrEmpty(bias),
            GpuCall.ViewOrEmpty(runningMean), GpuCall.ViewOrEmpty(runningVar), y, mean, invStd, variance.View, mode, a, (float)eps, (float)m);
        CompiledGpuOps.Activate(ws, y, (int)y.Length, activation);
    }

    /// <summary>
    /// dx (+)= the input gradient (nothing when dx is empty), and the weight's and bias's gradients where wanted. With an activation
    /// fused after the norm, dy (the gradient after it, a workspace buffer) first becomes the gradient before it, in place, from its <paramref name="output"/>.
    /// </summary>
    public static void BatchNormBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> x, ArrayView<float> dx, ArrayView<float> mean,
        ArrayView<float> invStd, ArrayView<float> mode, int batch, int channels, int spatial, Tensor? weight,
        Tensor? weightParameter, out Tensor? weightGradient, Tensor? biasParameter, out Tensor? biasGradient, bool accumulate,
        ArrayView<float> output = default, Activation activation = Activation.None)
        where TSizes : struct, IEquatable<TSizes>
    {
        if (activation != Activation.None) CompiledGpuOps.ActivationGradient(ws, output, dy, activation);
        var a = new BatchNormArgs { Batch = batch, Channels = channels, Spatial = spatial };
        using var d = CompiledGradientWrite.Into(ws.Gpu, dx, accumulate);
        using var dw = CompiledGradientWrite.IntoParameter(ws, weightParameter, out weightGradient);
        using var db = CompiledGradientWrite.IntoParameter(ws, biasParameter, out biasGradient);
        GpuTensorOps.BatchNormBackward<float, Float32Math>(ws.Gpu, dy, x, GpuCall.ViewOrEmpty(weight), mean, invStd, mode, d.Target, dw.Target, db.Target, a);
    }

    /// <summary>y = LayerNorm(x) over rows of the last <paramref name="features"/> values; saves each row's mean and 1/std.</summary>
    public static void LayerNormForward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mean, ArrayView<float> rstd,
        int features, Tensor? weight, Tensor? bias, double eps)
        where TSizes : struct, IEquatable<TSizes> =>
        GpuTensorOps.LayerNormForward<float, Float32Math>(ws.Gpu, x, GpuCall.ViewOrEmpty(weight), GpuCall.ViewOrEmpty(bias), y, mean, rstd, features, (float)eps);

    /// <summary>dx (+)= the input gradient (nothing when dx is empty), and the weight's and bias's gradients where wanted.</summary>
    public static void LayerNormBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> x, ArrayView<float> dx, ArrayView<float> mean,
        ArrayView<float> rstd, int features, Tensor? weight, Tensor? weightParameter, out Tensor? weightGradient, Tensor? biasParameter, out Tensor? biasGradient,
        bool accumulate)
        where TSizes : struct, IEquatable<TSizes>
    {
        using var d = CompiledGradientWrite.Into(ws.Gpu, dx, accumulate);
        using var dw = CompiledGradientWrite.IntoParameter(ws, weightParameter, out weightGradient);
        using var db = CompiledGradientWrite.IntoParameter(ws, biasParameter, out biasGradient);
        GpuTensorOps.LayerNormBackward<float, Float32Math>(ws.Gpu, dy, x, GpuCall.ViewOrEmpty(weight), mean, rstd, d.Target, dw.Target, db.Target, features);
    }

    /// <summary>num_batches_tracked as a device view: one int64 on the module's CUDA device.</summary>
    private static ArrayView<long> CountView(Tensor tracked)
    {
        if (tracked.DType != DType.Int64 || tracked.Storage is not GpuStorage gpu || tracked.NumEl != 1)
            throw new ArgumentException($"BatchNorm: num_batches_tracked must be one int64 on the CUDA device for compiled GPU code but is {tracked.DType} of shape {tracked.Shape} on {tracked.Device}.", nameof(tracked));
        return gpu.View<long>().SubView(tracked.Offset, 1);
    }

    /// <summary>The count after this batch, read back to the host (only when the momentum is None: a cumulative average).</summary>
    private static long ReadCount<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<long> count) where TSizes : struct, IEquatable<TSizes>
    {
        Span<long> host = stackalloc long[1];
        count.CopyToCPU(ws.Gpu.Stream, host);
        ws.Gpu.Stream.Synchronize();
        return host[0];
    }

    /// <summary>Running statistics are read and written in place: one float32 value per channel (the view checks dtype, device and layout).</summary>
    private static void CheckStatistic(string name, Tensor? t, int channels)
    {
        if (t is not null && t.NumEl != channels)
            throw new ArgumentException($"BatchNorm: {name} must hold one value per channel ({channels}) but has shape {t.Shape}.", name);
    }
}
