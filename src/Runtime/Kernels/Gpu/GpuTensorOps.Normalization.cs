using System.Numerics;
using GraphGen.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Batch and layer normalisation on the device: the view-level launches (for the eager ops below and compiled code,
/// <see cref="NormLaunches"/>) and the eager ops over validated operands. The statistics the forward pass normalised
/// with are kept in one device buffer (batch norm: [mean | invStd | variance] per channel and the mode; layer norm:
/// [mean | rstd] per row) and read by the backward pass. An absent weight or bias is an empty view.
/// </summary>
internal static partial class GpuTensorOps
{
    /// <summary>
    /// y = batch norm of x. Training: the batch's statistics normalise (each channel reduced by a group of threads) and,
    /// when running views are given (non-empty), update them in place with <paramref name="momentum"/> (the variance
    /// unbiased). Eval: the running statistics normalise. <paramref name="mean"/>, <paramref name="invStd"/> (C each)
    /// and <paramref name="mode"/> (1) receive what the backward pass needs; <paramref name="variance"/> (C) is the batch's.
    /// </summary>
    internal static void BatchNormForward<T, TMath>(GpuDevice d, ArrayView<T> x, ArrayView<T> weight, ArrayView<T> bias,
        ArrayView<T> runningMean, ArrayView<T> runningVar, ArrayView<T> y, ArrayView<T> mean, ArrayView<T> invStd, ArrayView<T> variance, ArrayView<T> mode,
        BatchNormArgs a, T eps, T momentum)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        if (a.Channels == 0) return;
        a.HasWeight = weight.Length > 0 ? 1 : 0;
        a.HasBias = bias.Length > 0 ? 1 : 0;
        if (a.Training != 0)
        {
            var config = new KernelConfig(a.Channels, ScaledSumKernels.GroupSizeFor(d.Accelerator.MaxNumThreadsPerGroup));
            GpuLaunch.RunGrouped(d, NormalizationKernels.BatchNormStatistics<T, TMath>, config, x, mean, invStd, variance, mode, a, eps);
            if (runningMean.Length > 0 && runningVar.Length > 0)
            {
                T unbias = default(TMath).FromDouble(a.Count / (double)(a.Count - 1));
                GpuLaunch.Run(d, NormalizationKernels.UpdateRunningStatistics<T>, a.Channels, runningMean, runningVar, mean, variance, momentum, unbias);
            }
        }
        else GpuLaunch.Run(d, NormalizationKernels.RunningStatistics<T>, a.Channels, runningMean, runningVar, mean, invStd, mode, eps);
        GpuLaunch.Run(d, NormalizationKernels.BatchNormApply<T>, (int)y.Length, x, y, mean, invStd, Present(weight, mean), Present(bias, mean), a);
    }

    /// <summary>
    /// Batch norm's backward from the forward's statistics (through the batch statistics when <paramref name="mode"/>[0]
    /// says they normalised): any of dx, dweight, dbias may be empty (not wanted); all are overwritten.
    /// </summary>
    internal static void BatchNormBackward<T, TMath>(GpuDevice d, ArrayView<T> dy, ArrayView<T> x, ArrayView<T> weight, ArrayView<T> mean, ArrayView<T> invStd,
        ArrayView<T> mode, ArrayView<T> dx, ArrayView<T> dweight, ArrayView<T> dbias, BatchNormArgs a)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        if (a.Channels == 0) return;
        a.HasWeight = weight.Length > 0 ? 1 : 0;
        a.WantWeightGradient = dweight.Length > 0 ? 1 : 0;
        a.WantBiasGradient = dbias.Length > 0 ? 1 : 0;
        using var sums = new DeviceScratch<T>(d, 2L * a.Channels);
        var config = new KernelConfig(a.Channels, ScaledSumKernels.GroupSizeFor(d.Accelerator.MaxNumThreadsPerGroup));
        GpuLaunch.RunGrouped(d, NormalizationKernels.BatchNormBackwardSums<T>, config, dy, x, mean, invStd, sums.View, Present(dweight, mean), Present(dbias, mean), a);
        if (dx.Length > 0)
            GpuLaunch.Run(d, NormalizationKernels.BatchNormBackwardInput<T, TMath>, (int)dx.Length, dy, x, mean, invStd, Present(weight, mean), mode, sums.View, dx, a);
    }

    /// <summary>y = layer norm of x's rows of <paramref name="features"/> values; <paramref name="mean"/> and <paramref name="rstd"/> (one per row) receive the statistics.</summary>
    internal static void LayerNormForward<T, TMath>(GpuDevice d, ArrayView<T> x, ArrayView<T> weight, ArrayView<T> bias, ArrayView<T> y,
        ArrayView<T> mean, ArrayView<T> rstd, int features, T eps)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T> =>
        GpuLaunch.Run(d, NormalizationKernels.LayerNormForward<T, TMath>, (int)mean.Length, x, Present(weight, mean), Present(bias, mean), y, mean, rstd,
            features, eps, weight.Length > 0 ? 1 : 0, bias.Length > 0 ? 1 : 0);

    /// <summary>Layer norm's backward from the forward's row statistics: any of dx, dweight, dbias may be empty (not wanted); all are overwritten.</summary>
    internal static void LayerNormBackward<T, TMath>(GpuDevice d, ArrayView<T> dy, ArrayView<T> x, ArrayView<T> weight, ArrayView<T> mean, ArrayView<T> rstd,
        ArrayView<T> dx, ArrayView<T> dweight, ArrayView<T> dbias, int features)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int rows = (int)mean.Length;
        if (dx.Length > 0)
            GpuLaunch.Run(d, NormalizationKernels.LayerNormBackwardInput<T, TMath>, rows, dy, x, Present(weight, mean), mean, rstd, dx, features, weight.Length > 0 ? 1 : 0);
        if (dweight.Length > 0 || dbias.Length > 0)
            GpuLaunch.Run(d, NormalizationKernels.LayerNormBackwardParameters<T>, features, dy, x, mean, rstd, Present(dweight, mean), Present(dbias, mean),
                rows, features, dweight.Length > 0 ? 1 : 0, dbias.Length > 0 ? 1 : 0);
    }

    /// <summary>An optional operand for a kernel: the view itself, or a placeholder the kernel's flag keeps it from reading.</summary>
    private static ArrayView<T> Present<T>(ArrayView<T> view, ArrayView<T> placeholder) where T : unmanaged => view.Length > 0 ? view : placeholder;

    /// <summary>Eager batch norm of validated operands over [n, c, spatial], recorded as <c>NativeBatchNormBackward0</c>.</summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        bool training, double momentum, double eps, int n, int c, int spatial)
    {
        RequireFloating(input, "BatchNorm");
        var a = new BatchNormArgs { Batch = n, Channels = c, Spatial = spatial, Training = training ? 1 : 0 };
        return input.DType == DType.Float64
            ? BatchNorm<double, Float64Math>(input, runningMean, runningVar, weight, bias, a, eps, momentum)
            : BatchNorm<float, Float32Math>(input, runningMean, runningVar, weight, bias, a, eps, momentum);
    }

    private static Tensor BatchNorm<T, TMath>(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        BatchNormArgs a, double eps, double momentum)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        var x = Dense(input);
        var w = weight is null ? null : Dense(weight);
        var y = Empty(input.Device, input.DType, input.ShapeArray);
        // [mean | invStd | variance | mode]: what the backward pass reads, kept alive by its closure.
        var stats = Empty(input.Device, input.DType, [3 * a.Channels + 1]);
        var d = DeviceOf(y);
        var statsView = DenseView<T>(stats);
        int c = a.Channels;
        var (statMean, statInvStd, statMode) = (statsView.SubView(0, c), statsView.SubView(c, c), statsView.SubView(3L * c, 1));
        // Running statistics are updated in place: a strided buffer through a dense copy written back.
        var mean = runningMean is null ? null : Dense(runningMean);
        var variance = runningVar is null ? null : Dense(runningVar);
        BatchNormForward<T, TMath>(d, DenseView<T>(x), ViewOrEmpty<T>(w), bias is null ? default : DenseView<T>(Dense(bias)),
            ViewOrEmpty<T>(mean), ViewOrEmpty<T>(variance), DenseView<T>(y), statMean, statInvStd, statsView.SubView(2L * c, c), statMode, a,
            default(TMath).FromDouble(eps), default(TMath).FromDouble(momentum));
        if (a.Training != 0 && mean is not null && variance is not null)
        {
            if (!runningMean!.IsContiguous) WriteInto(runningMean, mean);
            if (!runningVar!.IsContiguous) WriteInto(runningVar, variance);
        }
        return Autograd.Record("NativeBatchNormBackward0", y, (grad, needs) =>
        {
            var dx = needs[0] ? Empty(input.Device, input.DType, input.ShapeArray) : null;
            var dw = needs[1] ? Empty(input.Device, input.DType, [a.Channels]) : null;
            var db = needs[2] ? Empty(input.Device, input.DType, [a.Channels]) : null;
            BatchNormBackward<T, TMath>(d, DenseView<T>(Dense(grad)), DenseView<T>(x), ViewOrEmpty<T>(w), statMean, statInvStd, statMode,
                ViewOrEmpty<T>(dx), ViewOrEmpty<T>(dw), ViewOrEmpty<T>(db), a);
            return [dx, dw, db];
        }, input, weight, bias).Saving(input, weight);
    }

    /// <summary>Eager layer norm of validated operands over the last <paramref name="features"/> values, recorded as <c>NativeLayerNormBackward0</c>.</summary>
    public static Tensor LayerNorm(Tensor input, Tensor? weight, Tensor? bias, int features, double eps)
    {
        RequireFloating(input, "LayerNorm");
        return input.DType == DType.Float64
            ? LayerNorm<double, Float64Math>(input, weight, bias, features, eps)
            : LayerNorm<float, Float32Math>(input, weight, bias, features, eps);
    }

    private static Tensor LayerNorm<T, TMath>(Tensor input, Tensor? weight, Tensor? bias, int features, double eps)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        var x = Dense(input);
        var w = weight is null ? null : Dense(weight);
        int rows = input.NumEl / features;
        var y = Empty(input.Device, input.DType, input.ShapeArray);
        var stats = Empty(input.Device, input.DType, [2 * rows]);
        var d = DeviceOf(y);
        var (mean, rstd) = (DenseView<T>(stats).SubView(0, rows), DenseView<T>(stats).SubView(rows, rows));
        LayerNormForward<T, TMath>(d, DenseView<T>(x), ViewOrEmpty<T>(w), bias is null ? default : DenseView<T>(Dense(bias)), DenseView<T>(y),
            mean, rstd, features, default(TMath).FromDouble(eps));
        return Autograd.Record("NativeLayerNormBackward0", y, (grad, needs) =>
        {
            var dx = needs[0] ? Empty(input.Device, input.DType, input.ShapeArray) : null;
            var dw = needs[1] ? Empty(input.Device, input.DType, weight!.ShapeArray) : null;
            var db = needs[2] ? Empty(input.Device, input.DType, bias!.ShapeArray) : null;
            LayerNormBackward<T, TMath>(d, DenseView<T>(Dense(grad)), DenseView<T>(x), ViewOrEmpty<T>(w), mean, rstd,
                ViewOrEmpty<T>(dx), ViewOrEmpty<T>(dw), ViewOrEmpty<T>(db), features);
            return [dx, dw, db];
        }, input, weight, bias).Saving(input, weight);
    }

    /// <summary>The dense view of an optional dense tensor, empty for null.</summary>
    private static ArrayView<T> ViewOrEmpty<T>(Tensor? t) where T : unmanaged => t is null ? default : DenseView<T>(t);
}
