using System.ComponentModel;
using GraphGen.Compiled.Gpu;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Batch norm's and layer norm's launches as compiled GPU code makes them, over float32 buffers. The forward pass
/// writes the statistics it normalised with into a planned buffer the backward pass reads: batch norm
/// <c>stats</c> holds 3·channels floats ([mean | invStd | variance]), layer norm 2·rows ([mean | rstd]). Batch norm
/// in training updates the running statistics (module buffers, float32 on the device) in place with
/// <c>momentum</c>, the variance unbiased; the caller counts num_batches_tracked and picks the momentum (1/count when
/// the module's momentum is None). Parameter gradients come back for autograd through <c>out</c> as for Linear.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class NormLaunches
{
    /// <summary>y = batch norm of x [batch, channels, spatial]; eval mode (training false) normalises with the running statistics.</summary>
    public static void BatchNormForward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, ArrayView<float> stats,
        int batch, int channels, int spatial, Tensor? weight, Tensor? bias, Tensor? runningMean, Tensor? runningVar, bool training, double momentum, double eps)
        where TSizes : struct, IEquatable<TSizes>
    {
        if (!training && (runningMean is null || runningVar is null))
            throw new ArgumentException($"BatchNorm: eval mode normalises with the running statistics, but got {(runningMean is null ? "no running_mean" : "no running_var")}.");
        var a = new BatchNormArgs { Batch = batch, Channels = channels, Spatial = spatial, Training = training ? 1 : 0 };
        GpuTensorOps.BatchNormForward<float, Float32Math>(ws.Gpu, x, GpuCall.ViewOrEmpty(weight), GpuCall.ViewOrEmpty(bias),
            GpuCall.ViewOrEmpty(runningMean), GpuCall.ViewOrEmpty(runningVar), y, stats, a, (float)eps, (float)momentum);
    }

    /// <summary>dx (+)= the input gradient (nothing when dx is empty), and the weight's and bias's gradients where wanted.</summary>
    public static void BatchNormBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> x, ArrayView<float> stats, ArrayView<float> dx,
        int batch, int channels, int spatial, Tensor? weight, Tensor? bias, bool training, bool accumulate, out Tensor? weightGradient, out Tensor? biasGradient)
        where TSizes : struct, IEquatable<TSizes>
    {
        var a = new BatchNormArgs { Batch = batch, Channels = channels, Spatial = spatial, Training = training ? 1 : 0 };
        using var dw = new DeviceScratch<float>(ws.Gpu, GpuCall.Wants(weight) ? channels : 0);
        using var db = new DeviceScratch<float>(ws.Gpu, GpuCall.Wants(bias) ? channels : 0);
        var w = GpuCall.ViewOrEmpty(weight);
        void Run(ArrayView<float> target) => GpuTensorOps.BatchNormBackward<float, Float32Math>(ws.Gpu, dy, x, w, stats, target, dw.View, db.View, a);
        if (dx.Length > 0) CompiledGradientWrites.WriteOrAdd(ws, dx, accumulate, Run);
        else Run(default);
        weightGradient = CompiledGradientWrites.CopyIntoParameter(ws, weight, dw.View);
        biasGradient = CompiledGradientWrites.CopyIntoParameter(ws, bias, db.View);
    }

    /// <summary>y = layer norm of x's <paramref name="rows"/> rows of <paramref name="features"/> values.</summary>
    public static void LayerNormForward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, ArrayView<float> stats,
        int rows, int features, Tensor? weight, Tensor? bias, double eps)
        where TSizes : struct, IEquatable<TSizes> =>
        GpuTensorOps.LayerNormForward<float, Float32Math>(ws.Gpu, x, GpuCall.ViewOrEmpty(weight), GpuCall.ViewOrEmpty(bias), y,
            stats.SubView(0, 2L * rows), features, (float)eps);

    /// <summary>dx (+)= the input gradient (nothing when dx is empty), and the weight's and bias's gradients where wanted.</summary>
    public static void LayerNormBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> x, ArrayView<float> stats, ArrayView<float> dx,
        int rows, int features, Tensor? weight, Tensor? bias, bool accumulate, out Tensor? weightGradient, out Tensor? biasGradient)
        where TSizes : struct, IEquatable<TSizes>
    {
        var s = stats.SubView(0, 2L * rows);
        var w = GpuCall.ViewOrEmpty(weight);
        CompiledGradientWrites.WriteOrAdd(ws, dx, accumulate,
            target => GpuTensorOps.LayerNormBackward<float, Float32Math>(ws.Gpu, dy, x, w, s, target, default, default, features));
        using var dw = new DeviceScratch<float>(ws.Gpu, GpuCall.Wants(weight) ? features : 0);
        using var db = new DeviceScratch<float>(ws.Gpu, GpuCall.Wants(bias) ? features : 0);
        GpuTensorOps.LayerNormBackward<float, Float32Math>(ws.Gpu, dy, x, w, s, default, dw.View, db.View, features);
        weightGradient = CompiledGradientWrites.CopyIntoParameter(ws, weight, dw.View);
        biasGradient = CompiledGradientWrites.CopyIntoParameter(ws, bias, db.View);
    }
}
