using System.Buffers;
using System.ComponentModel;
using GraphGen.Compiled;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// BatchNorm's and LayerNorm's kernels as compiled code calls them (the Norm family of the generator's kernel calls),
/// over <see cref="Normalization"/>. BatchNorm's forward does what <c>BatchNormNd.Forward</c> does to the layer's
/// buffers (num_batches_tracked counted, running statistics updated while training) so compiled and eager calls leave a
/// layer in the same state. Gradients not wanted are skipped; <c>accumulate</c> and a gradient target's beta add onto
/// what is there, as every compiled backward does.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class NormKernels
{
    /// <summary>
    /// y = BatchNorm(x) over [batch, channels, spatial]: with the batch's statistics while training (or without running
    /// statistics), else with the running ones. Saves the statistics it normalised with (<paramref name="mean"/>,
    /// <paramref name="invStd"/>, C each) and in <paramref name="mode"/>[0] whether they were the batch's (1) or not (0).
    /// A ReLU fused after it (<paramref name="activation"/>) is applied in the same pass.
    /// </summary>
    public static void BatchNormForward(ReadOnlySpan<float> x, Span<float> y, Span<float> mean, Span<float> invStd, Span<float> mode,
        int batch, int channels, int spatial, Tensor? weight, Tensor? bias, Tensor? runningMean, Tensor? runningVar, Tensor? numBatchesTracked,
        double eps, double? momentum, bool training, Activation activation = Activation.None)
    {
        bool relu = IsRelu(activation);
        CheckStatistic("running_mean", runningMean, channels);
        CheckStatistic("running_var", runningVar, channels);
        double m = momentum ?? 0;
        if (training && numBatchesTracked is { } tracked)
        {
            if (tracked.DType != DType.Int64 || tracked.Device.Type != DeviceType.Cpu || tracked.NumEl != 1)
                throw new ArgumentException($"BatchNorm: num_batches_tracked must be one int64 on the CPU for compiled code but is {tracked.DType} of shape {tracked.Shape} on {tracked.Device}.", nameof(numBatchesTracked));
            long count = ++tracked.AsSpan<long>()[0];
            if (momentum is null) m = 1.0 / count;
        }

        bool useBatchStats = training || runningMean is null;
        mode[0] = useBatchStats ? 1f : 0f;
        var w = Span(weight);
        var b = Span(bias);
        if (!useBatchStats)
        {
            var rv = runningVar!.AsSpan<float>();
            runningMean!.AsSpan<float>().CopyTo(mean);
            for (int c = 0; c < channels; c++) invStd[c] = 1f / MathF.Sqrt(rv[c] + (float)eps);
            Normalization.BatchNormEvalForward(x, w, b, runningMean.AsSpan<float>(), rv, batch, channels, spatial, (float)eps, y, relu);
            return;
        }

        long values = (long)batch * spatial;
        if (values <= 1)
            throw new ArgumentException($"BatchNorm: expected more than 1 value per channel when training, got {batch}·{spatial} = {values} per channel.", nameof(x));
        var variance = ArrayPool<float>.Shared.Rent(channels);
        try
        {
            var v = variance.AsSpan(0, channels);
            Normalization.BatchNormTrainForward(x, w, b, batch, channels, spatial, (float)eps, y, mean, v, invStd, relu);
            if (runningMean is null || runningVar is null) return;
            // As the eager op: running = running·(1 − momentum) + statistic·momentum in float32, the variance made unbiased first.
            float keep = (float)(1 - m), take = (float)m, unbias = (float)(values / (double)(values - 1));
            var rm = runningMean.AsSpan<float>();
            var rv = runningVar.AsSpan<float>();
            for (int c = 0; c < channels; c++)
            {
                rm[c] = rm[c] * keep + mean[c] * take;
                rv[c] = rv[c] * keep + v[c] * unbias * take;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(variance);
        }
    }

    /// <summary>
    /// BatchNorm's backward from the saved statistics: through the batch statistics when the forward used them
    /// (<paramref name="mode"/>[0] = 1), else as the per-channel affine map it then is. With a ReLU fused after it,
    /// <paramref name="output"/> is the ReLU's output and <paramref name="dy"/> the gradient after it (masked in the same passes).
    /// </summary>
    public static void BatchNormBackward(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dx, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd,
        ReadOnlySpan<float> mode, int batch, int channels, int spatial, Tensor? weight, in GradientTarget weightGradient, in GradientTarget biasGradient, bool accumulate,
        ReadOnlySpan<float> output = default, Activation activation = Activation.None)
    {
        bool relu = IsRelu(activation);
        if (relu && output.Length != x.Length)
            throw new ArgumentException($"BatchNorm with a fused ReLU: the backward needs the ReLU's output ({x.Length} values) but got {output.Length}.", nameof(output));
        using var dxOut = new Overwrite(dx, accumulate);
        using var dw = new Overwrite(weightGradient.Span, weightGradient.Beta != 0);
        using var db = new Overwrite(biasGradient.Span, biasGradient.Beta != 0);
        Normalization.BatchNormBackward(dy, x, Span(weight), mean, invStd, batch, channels, spatial, mode[0] != 0, dxOut.Span, dw.Span, db.Span,
            relu ? output : default);
    }

    /// <summary>y = LayerNorm(x) over rows of the last <paramref name="features"/> values; saves each row's mean and 1/std.</summary>
    public static void LayerNormForward(ReadOnlySpan<float> x, Span<float> y, Span<float> mean, Span<float> rstd, int features, Tensor? weight, Tensor? bias, double eps) =>
        Normalization.LayerNormForward(x, Span(weight), Span(bias), features, (float)eps, y, mean, rstd);

    /// <summary>LayerNorm's backward from the saved row statistics.</summary>
    public static void LayerNormBackward(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dx, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd,
        int features, Tensor? weight, in GradientTarget weightGradient, in GradientTarget biasGradient, bool accumulate)
    {
        using var dxOut = new Overwrite(dx, accumulate);
        using var dw = new Overwrite(weightGradient.Span, weightGradient.Beta != 0);
        using var db = new Overwrite(biasGradient.Span, biasGradient.Beta != 0);
        Normalization.LayerNormBackward(dy, x, Span(weight), mean, rstd, features, dxOut.Span, dw.Span, db.Span);
    }

    private static ReadOnlySpan<float> Span(Tensor? t) => t is null ? default : t.AsSpan<float>();

    /// <summary>Batch norm fuses ReLU only (the generator fuses nothing else into it).</summary>
    private static bool IsRelu(Activation activation) => activation switch
    {
        Activation.None => false,
        Activation.Relu => true,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "BatchNorm's kernels fuse ReLU or no activation."),
    };

    /// <summary>Running statistics are read and written in place: they must be float32 on the CPU with one value per channel.</summary>
    private static void CheckStatistic(string name, Tensor? t, int channels)
    {
        if (t is not null && (t.DType != DType.Float32 || t.Device.Type != DeviceType.Cpu || t.NumEl != channels || !t.IsContiguous))
            throw new ArgumentException($"BatchNorm: {name} must be a contiguous float32 CPU tensor of shape [{channels}] for compiled code but is {t.DType} of shape {t.Shape} on {t.Device}.", name);
    }
}
