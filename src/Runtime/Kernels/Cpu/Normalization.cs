using System.ComponentModel;
using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Batch normalisation over [N, C, S] data (S = every position after the channel dim, 1 for [N, C]) and layer
/// normalisation over [rows, D], forward and backward, vectorised (<see cref="ChannelPlaneMath"/>,
/// <see cref="TensorPrimitives"/>). Batch norm reads each value once per pass: its statistics come from one pass of
/// shifted sums in double (shifted by the channel's first value, so a large mean costs no precision), its backward from
/// one pass of sums and one that writes dx. Layer norm's statistics are two-pass. Spans only, for eager ops and
/// generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class Normalization
{
    /// <summary>
    /// Training-mode batch norm: per channel, the batch mean and biased variance over N·S values, then
    /// y = (x − mean)·invStd·weight + bias. Writes <paramref name="mean"/>, <paramref name="variance"/> (biased) and
    /// <paramref name="invStd"/> = 1/√(variance + eps), C each, for the backward pass and the running statistics.
    /// <paramref name="weight"/> and <paramref name="bias"/> are empty (no affine) or C long. With <paramref name="relu"/>,
    /// y = max(that, 0): a ReLU fused after the batch norm, in the same pass.
    /// </summary>
    public static void BatchNormTrainForward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias,
        int batch, int channels, int spatial, T eps, Span<T> y, Span<T> mean, Span<T> variance, Span<T> invStd, bool relu = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckBatchNorm(x.Length, y.Length, weight.Length, bias.Length, batch, channels, spatial);
        int workers = ChannelWorkers(channels, x.Length);
        if (workers <= 1)
        {
            TrainForwardChannels(x, weight, bias, batch, channels, spatial, eps, y, mean, variance, invStd, relu, 0, channels);
            return;
        }
        fixed (T* px = x, pw = weight, pb = bias, py = y, pm = mean, pv = variance, ps = invStd)
        {
            var operands = new Operands<T>
            {
                Length = x.Length, Batch = batch, Channels = channels, Spatial = spatial, Eps = eps, Relu = relu,
                X = px, Weight = new(pw, weight.Length), Bias = new(pb, bias.Length), Y = py,
                Mean = new(pm, mean.Length), Variance = new(pv, variance.Length), InvStd = new(ps, invStd.Length),
            };
            CpuParallel.For(channels, workers, operands, static (in Operands<T> o, int first, int end) => TrainForwardChannels(
                new ReadOnlySpan<T>(o.X, o.Length), o.Weight.Span, o.Bias.Span, o.Batch, o.Channels, o.Spatial, o.Eps,
                new Span<T>(o.Y, o.Length), o.Mean.Span, o.Variance.Span, o.InvStd.Span, o.Relu, first, end));
        }
    }

    private static void TrainForwardChannels<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias,
        int batch, int channels, int spatial, T eps, Span<T> y, Span<T> mean, Span<T> variance, Span<T> invStd, bool relu, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double count = (double)batch * spatial;
        for (int c = first; c < end; c++)
        {
            // One pass for both statistics: sums of x − K and (x − K)² in double, K the channel's first value.
            T shift = batch > 0 && spatial > 0 ? Plane(x, 0, c, channels, spatial)[0] : T.Zero;
            double sum = 0, squares = 0;
            for (int n = 0; n < batch; n++)
            {
                var (s1, s2) = ChannelPlaneMath.ShiftedSums(Plane(x, n, c, channels, spatial), shift);
                sum += s1;
                squares += s2;
            }
            double offset = sum / count;
            double v = Math.Max(squares / count - offset * offset, 0);
            T m = shift + T.CreateTruncating(offset), vt = T.CreateTruncating(v), s = T.One / T.Sqrt(vt + eps);
            mean[c] = m;
            variance[c] = vt;
            invStd[c] = s;
            Normalize(x, weight, bias, batch, channels, spatial, c, m, s, relu, y);
        }
    }

    /// <summary>Eval-mode batch norm: y = (x − runningMean)/√(runningVar + eps)·weight + bias (then max(y, 0) with <paramref name="relu"/>).</summary>
    public static void BatchNormEvalForward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias,
        ReadOnlySpan<T> runningMean, ReadOnlySpan<T> runningVar, int batch, int channels, int spatial, T eps, Span<T> y, bool relu = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckBatchNorm(x.Length, y.Length, weight.Length, bias.Length, batch, channels, spatial);
        int workers = ChannelWorkers(channels, x.Length);
        if (workers <= 1)
        {
            EvalForwardChannels(x, weight, bias, runningMean, runningVar, batch, channels, spatial, eps, y, relu, 0, channels);
            return;
        }
        fixed (T* px = x, pw = weight, pb = bias, pm = runningMean, pv = runningVar, py = y)
        {
            var operands = new Operands<T>
            {
                Length = x.Length, Batch = batch, Channels = channels, Spatial = spatial, Eps = eps, Relu = relu,
                X = px, Weight = new(pw, weight.Length), Bias = new(pb, bias.Length), Y = py,
                Mean = new(pm, runningMean.Length), Variance = new(pv, runningVar.Length),
            };
            CpuParallel.For(channels, workers, operands, static (in Operands<T> o, int first, int end) => EvalForwardChannels(
                new ReadOnlySpan<T>(o.X, o.Length), o.Weight.Span, o.Bias.Span, o.Mean.Span, o.Variance.Span,
                o.Batch, o.Channels, o.Spatial, o.Eps, new Span<T>(o.Y, o.Length), o.Relu, first, end));
        }
    }

    private static void EvalForwardChannels<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias,
        ReadOnlySpan<T> runningMean, ReadOnlySpan<T> runningVar, int batch, int channels, int spatial, T eps, Span<T> y, bool relu, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = first; c < end; c++)
            Normalize(x, weight, bias, batch, channels, spatial, c, runningMean[c], T.One / T.Sqrt(runningVar[c] + eps), relu, y);
    }

    /// <summary>Workers for a batch-norm pass over <paramref name="elements"/> values: channels are independent (each has its
    /// own statistics), so each worker takes a contiguous run of channels and results equal the one-thread pass bit for bit.</summary>
    private static int ChannelWorkers(int channels, long elements)
        => CpuParallel.WorkerCount(elements, CpuParallel.MinElementsPerWorker, channels);

    /// <summary>
    /// Batch norm's backward pass. <paramref name="mean"/>/<paramref name="invStd"/> are the statistics the forward pass
    /// normalised with (the batch's in training, the running ones in eval). In training the statistics depend on x:
    /// dx = invStd·w·(dy − Σdy/n − x̂·Σ(dy·x̂)/n); in eval dx = invStd·w·dy. dweight = Σ dy·x̂, dbias = Σ dy. Any of
    /// dx, dweight, dbias may be empty (not needed). With a ReLU fused after the batch norm, <paramref name="reluOutput"/>
    /// is its output and <paramref name="dy"/> the gradient after it: dy counts only where the output is positive.
    /// </summary>
    public static void BatchNormBackward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> weight,
        ReadOnlySpan<T> mean, ReadOnlySpan<T> invStd, int batch, int channels, int spatial, bool training,
        Span<T> dx, Span<T> dweight, Span<T> dbias, ReadOnlySpan<T> reluOutput = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckBatchNorm(x.Length, dy.Length, weight.Length, 0, batch, channels, spatial);
        if (!reluOutput.IsEmpty && reluOutput.Length != x.Length)
            throw new ArgumentException($"the fused ReLU's output has {reluOutput.Length} elements but x has {x.Length}.", nameof(reluOutput));
        int workers = ChannelWorkers(channels, x.Length);
        if (workers <= 1)
        {
            BackwardChannels(dy, x, weight, mean, invStd, batch, channels, spatial, training, dx, dweight, dbias, reluOutput, 0, channels);
            return;
        }
        fixed (T* pdy = dy, px = x, pw = weight, pm = mean, ps = invStd, pdx = dx, pdw = dweight, pdb = dbias, pr = reluOutput)
        {
            var operands = new Operands<T>
            {
                Length = x.Length, Batch = batch, Channels = channels, Spatial = spatial, Training = training,
                Dy = pdy, X = px, Weight = new(pw, weight.Length), Mean = new(pm, mean.Length), InvStd = new(ps, invStd.Length),
                Dx = new(pdx, dx.Length), Dweight = new(pdw, dweight.Length), Dbias = new(pdb, dbias.Length), ReluOutput = new(pr, reluOutput.Length),
            };
            CpuParallel.For(channels, workers, operands, static (in Operands<T> o, int first, int end) => BackwardChannels(
                new ReadOnlySpan<T>(o.Dy, o.Length), new ReadOnlySpan<T>(o.X, o.Length), o.Weight.Span, o.Mean.Span, o.InvStd.Span,
                o.Batch, o.Channels, o.Spatial, o.Training, o.Dx.Span, o.Dweight.Span, o.Dbias.Span, o.ReluOutput.Span, first, end));
        }
    }

    private static void BackwardChannels<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> weight,
        ReadOnlySpan<T> mean, ReadOnlySpan<T> invStd, int batch, int channels, int spatial, bool training,
        Span<T> dx, Span<T> dweight, Span<T> dbias, ReadOnlySpan<T> relu, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T count = T.CreateTruncating((long)batch * spatial);
        for (int c = first; c < end; c++)
        {
            T m = mean[c], s = invStd[c], w = weight.IsEmpty ? T.One : weight[c];
            T sumDy = T.Zero, sumDyDev = T.Zero;
            for (int n = 0; n < batch; n++)
            {
                var (g, gd) = ChannelPlaneMath.GradientSums(Plane(dy, n, c, channels, spatial), Plane(x, n, c, channels, spatial), m, PlaneOrEmpty(relu, n, c, channels, spatial));
                sumDy += g;
                sumDyDev += gd;
            }
            if (!dweight.IsEmpty) dweight[c] = sumDyDev * s;
            if (!dbias.IsEmpty) dbias[c] = sumDy;
            if (dx.IsEmpty) continue;
            // dx = k·dy + kDev·(x − mean) + kConst = k·dy + kDev·x + (kConst − kDev·mean), constants per channel.
            T k = s * w;
            T kDev = training ? -k * s * s * sumDyDev / count : T.Zero;
            T kConst = training ? -k * sumDy / count : T.Zero;
            for (int n = 0; n < batch; n++)
                ChannelPlaneMath.Combine(Plane(dy, n, c, channels, spatial), k, Plane(x, n, c, channels, spatial), kDev, kConst - kDev * m,
                    PlaneOrEmpty(relu, n, c, channels, spatial), Plane(dx, n, c, channels, spatial));
        }
    }

    /// <summary>
    /// Layer norm over the last D values of each of <c>x.Length / D</c> rows: y = (x − mean)·rstd·weight + bias, with the
    /// biased variance; writes each row's <paramref name="mean"/> and <paramref name="rstd"/> = 1/√(var + eps).
    /// <paramref name="weight"/>/<paramref name="bias"/> are empty or D long.
    /// </summary>
    public static void LayerNormForward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, int d, T eps,
        Span<T> y, Span<T> mean, Span<T> rstd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = CheckLayerNorm(x.Length, y.Length, weight.Length, bias.Length, d);
        T count = T.CreateTruncating(d);
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * d, d);
            var yr = y.Slice(r * d, d);
            T m = TensorPrimitives.Sum(xr) / count;
            TensorPrimitives.Subtract(xr, m, yr);
            T s = T.One / T.Sqrt(TensorPrimitives.SumOfSquares<T>(yr) / count + eps);
            mean[r] = m;
            rstd[r] = s;
            TensorPrimitives.Multiply(yr, s, yr);
            if (!weight.IsEmpty) TensorPrimitives.Multiply(yr, weight, yr);
            if (!bias.IsEmpty) TensorPrimitives.Add(yr, bias, yr);
        }
    }

    /// <summary>
    /// Layer norm's backward: with g = dy·weight and x̂ = (x − mean)·rstd, dx = rstd·(g − Σg/D − x̂·Σ(g·x̂)/D);
    /// dweight = Σ over rows of dy·x̂ and dbias = Σ dy (both overwritten). Any output may be empty (not needed).
    /// </summary>
    public static void LayerNormBackward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> weight,
        ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd, int d, Span<T> dx, Span<T> dweight, Span<T> dbias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = CheckLayerNorm(x.Length, dy.Length, weight.Length, 0, d);
        T count = T.CreateTruncating(d);
        dweight.Clear();
        dbias.Clear();
        var buffer = ArrayPool<T>.Shared.Rent(2 * d);
        try
        {
            var xhat = buffer.AsSpan(0, d);
            var g = buffer.AsSpan(d, d);
            for (int r = 0; r < rows; r++)
            {
                var xr = x.Slice(r * d, d);
                var dyr = dy.Slice(r * d, d);
                TensorPrimitives.Subtract(xr, mean[r], xhat);
                TensorPrimitives.Multiply(xhat, rstd[r], xhat);
                if (!dweight.IsEmpty) TensorPrimitives.MultiplyAdd(dyr, xhat, dweight, dweight);
                if (!dbias.IsEmpty) TensorPrimitives.Add(dbias, dyr, dbias);
                if (dx.IsEmpty) continue;
                if (weight.IsEmpty) dyr.CopyTo(g);
                else TensorPrimitives.Multiply(dyr, weight, g);
                T meanG = TensorPrimitives.Sum<T>(g) / count;
                T meanGXhat = TensorPrimitives.Dot<T>(g, xhat) / count;
                var dxr = dx.Slice(r * d, d);
                // dx = rstd·g − rstd·x̂·meanGXhat − rstd·meanG
                TensorPrimitives.Multiply(xhat, -meanGXhat, xhat);
                TensorPrimitives.Add(g, xhat, dxr);
                TensorPrimitives.Subtract(dxr, meanG, dxr);
                TensorPrimitives.Multiply(dxr, rstd[r], dxr);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
    }

    private static ReadOnlySpan<T> Plane<T>(ReadOnlySpan<T> data, int n, int c, int channels, int spatial)
        => data.Slice((n * channels + c) * spatial, spatial);

    private static Span<T> Plane<T>(Span<T> data, int n, int c, int channels, int spatial)
        => data.Slice((n * channels + c) * spatial, spatial);

    private static ReadOnlySpan<T> PlaneOrEmpty<T>(ReadOnlySpan<T> data, int n, int c, int channels, int spatial)
        => data.IsEmpty ? data : Plane(data, n, c, channels, spatial);

    /// <summary>y = (x − mean)·invStd·weight + bias for one channel, as x·scale + shift (then max(y, 0) with <paramref name="relu"/>).</summary>
    private static void Normalize<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias,
        int batch, int channels, int spatial, int c, T mean, T invStd, bool relu, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T scale = invStd * (weight.IsEmpty ? T.One : weight[c]);
        T shift = (bias.IsEmpty ? T.Zero : bias[c]) - mean * scale;
        for (int n = 0; n < batch; n++)
            ChannelPlaneMath.Affine(Plane(x, n, c, channels, spatial), scale, shift, Plane(y, n, c, channels, spatial), relu);
    }

    private static void CheckBatchNorm(int xLength, int yLength, int weightLength, int biasLength, int batch, int channels, int spatial)
    {
        long need = (long)batch * channels * spatial;
        if (xLength != need || yLength != need)
            throw new ArgumentException($"x has {xLength} and y {yLength} elements but [{batch}, {channels}, {spatial}] needs {need}.");
        if (weightLength != 0 && weightLength != channels)
            throw new ArgumentException($"weight has {weightLength} elements but there are {channels} channels.");
        if (biasLength != 0 && biasLength != channels)
            throw new ArgumentException($"bias has {biasLength} elements but there are {channels} channels.");
    }

    private static int CheckLayerNorm(int xLength, int yLength, int weightLength, int biasLength, int d)
    {
        if (d <= 0 || xLength % d != 0 || yLength != xLength)
            throw new ArgumentException($"x has {xLength} and y {yLength} elements, which is not a whole number of rows of {d}.");
        if (weightLength != 0 && weightLength != d)
            throw new ArgumentException($"weight has {weightLength} elements but rows have {d}.");
        if (biasLength != 0 && biasLength != d)
            throw new ArgumentException($"bias has {biasLength} elements but rows have {d}.");
        return xLength / d;
    }

    /// <summary>A channel-parallel batch-norm pass's pinned operands (a static lambda's state: no closure per call);
    /// X, Y and Dy have <see cref="Length"/> elements, the others carry their own (0: not given).</summary>
    private struct Operands<T> where T : unmanaged
    {
        public int Length, Batch, Channels, Spatial;
        public T Eps;
        public bool Relu, Training;
        public T* X, Y, Dy;
        public PinnedSpan<T> Weight, Bias, Mean, Variance, InvStd, Dx, Dweight, Dbias, ReluOutput;
    }

    /// <summary>A pinned span as pointer and length, storable in a region's state.</summary>
    private readonly struct PinnedSpan<T>(T* pointer, int length) where T : unmanaged
    {
        public Span<T> Span => new(pointer, length);
    }
}
