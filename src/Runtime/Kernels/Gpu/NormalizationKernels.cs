using System.Numerics;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Batch normalisation over [N, C, S] (S = the positions after the channel dim) and layer normalisation over [rows, D]
/// on the device, with the CPU's formulas (<see cref="Cpu.Normalization"/>): two-pass statistics (mean, then the mean
/// of squared deviations). Batch norm reduces each channel's N·S values with a group of threads and a shared-memory
/// tree (a channel has few, long sums: one thread per channel would leave a GPU idle); layer norm has one thread per
/// row (rows are many, and short). The statistics live in separate views (mean, 1/std, ...), and batch norm's
/// <c>mode</c>[0] records whether the batch's statistics normalised (1) or the running ones (0), so the backward reads
/// the forward's choice on the device. An absent weight or bias is a 0 flag (its view is then any non-empty view,
/// never read). Generic over float32/float64.
/// </summary>
public static class NormalizationKernels
{
    /// <summary>
    /// Explicitly grouped, one group per channel c (grid C, group <see cref="ScaledSumKernels.GroupSizeFor"/>): the batch
    /// mean and biased variance over N·S values, and invStd = 1/√(variance + eps); mode[0] = 1.
    /// </summary>
    public static void BatchNormStatistics<T, TMath>(ArrayView<T> x, ArrayView<T> mean, ArrayView<T> invStd, ArrayView<T> variance, ArrayView<T> mode,
        BatchNormArgs a, T eps)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        var shared = SharedMemory.Allocate<T>(ScaledSumKernels.GroupSize);
        int c = Grid.IdxX, t = Group.IdxX, threads = Group.DimX, values = a.Count;
        T count = default(TMath).FromDouble(values), sum = T.Zero;
        for (int k = t; k < values; k += threads) sum += x[At(a, c, k)];
        T m = GroupSum(shared, sum, t, threads) / count, squares = T.Zero;
        for (int k = t; k < values; k += threads)
        {
            T dev = x[At(a, c, k)] - m;
            squares += dev * dev;
        }
        T v = GroupSum(shared, squares, t, threads) / count;
        if (t != 0) return;
        mean[c] = m;
        invStd[c] = T.One / T.Sqrt(v + eps);
        variance[c] = v;
        if (c == 0) mode[0] = T.One;
    }

    /// <summary>Eval mode: mean = runningMean, invStd = 1/√(runningVar + eps); mode[0] = 0.</summary>
    public static void RunningStatistics<T>(Index1D c, ArrayView<T> runningMean, ArrayView<T> runningVar, ArrayView<T> mean, ArrayView<T> invStd, ArrayView<T> mode, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        mean[c] = runningMean[c];
        invStd[c] = T.One / T.Sqrt(runningVar[c] + eps);
        if (c == 0) mode[0] = T.Zero;
    }

    /// <summary>y = (x − mean[c])·invStd[c]·weight[c] + bias[c] for the channel c of each element.</summary>
    public static void BatchNormApply<T>(Index1D i, ArrayView<T> x, ArrayView<T> y, ArrayView<T> mean, ArrayView<T> invStd, ArrayView<T> weight, ArrayView<T> bias, BatchNormArgs a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = i / a.Spatial % a.Channels;
        T v = (x[i] - mean[c]) * invStd[c];
        if (a.HasWeight != 0) v *= weight[c];
        if (a.HasBias != 0) v += bias[c];
        y[i] = v;
    }

    /// <summary>running = (1 − momentum)·running + momentum·batch statistic, the variance made unbiased (·unbias = n/(n−1)).</summary>
    public static void UpdateRunningStatistics<T>(Index1D c, ArrayView<T> runningMean, ArrayView<T> runningVar, ArrayView<T> mean, ArrayView<T> variance, T momentum, T unbias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        runningMean[c] = (T.One - momentum) * runningMean[c] + momentum * mean[c];
        runningVar[c] = (T.One - momentum) * runningVar[c] + momentum * variance[c] * unbias;
    }

    /// <summary>num_batches_tracked += 1 (one thread), on the device where the module's buffer lives.</summary>
    public static void CountBatch(Index1D i, ArrayView<long> tracked) => tracked[i] += 1;

    /// <summary>
    /// Explicitly grouped, one group per channel c: sums = [Σ dy | Σ dy·(x − mean)] (C each), and from them dweight = Σ dy·x̂
    /// and dbias = Σ dy where wanted.
    /// </summary>
    public static void BatchNormBackwardSums<T>(ArrayView<T> dy, ArrayView<T> x, ArrayView<T> mean, ArrayView<T> invStd, ArrayView<T> sums,
        ArrayView<T> dweight, ArrayView<T> dbias, BatchNormArgs a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shared = SharedMemory.Allocate<T>(ScaledSumKernels.GroupSize);
        int c = Grid.IdxX, t = Group.IdxX, threads = Group.DimX, values = a.Count;
        T m = mean[c], sumDy = T.Zero, sumDyDev = T.Zero;
        for (int k = t; k < values; k += threads)
        {
            int at = At(a, c, k);
            sumDy += dy[at];
            sumDyDev += dy[at] * (x[at] - m);
        }
        sumDy = GroupSum(shared, sumDy, t, threads);
        sumDyDev = GroupSum(shared, sumDyDev, t, threads);
        if (t != 0) return;
        sums[c] = sumDy;
        sums[a.Channels + c] = sumDyDev;
        if (a.WantWeightGradient != 0) dweight[c] = sumDyDev * invStd[c];
        if (a.WantBiasGradient != 0) dbias[c] = sumDy;
    }

    /// <summary>
    /// dx = k·dy + kDev·(x − mean) + kConst with k = invStd·w; when the batch statistics normalised (mode[0] = 1)
    /// kDev = −k·invStd²·Σdy(x − mean)/n and kConst = −k·Σdy/n, else both 0.
    /// </summary>
    public static void BatchNormBackwardInput<T, TMath>(Index1D i, ArrayView<T> dy, ArrayView<T> x, ArrayView<T> mean, ArrayView<T> invStd, ArrayView<T> weight,
        ArrayView<T> mode, ArrayView<T> sums, ArrayView<T> dx, BatchNormArgs a)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int c = i / a.Spatial % a.Channels;
        T s = invStd[c], k = s * (a.HasWeight != 0 ? weight[c] : T.One);
        T v = k * dy[i];
        if (mode[0] != T.Zero)
        {
            T count = default(TMath).FromDouble(a.Count);
            v += -k * s * s * sums[a.Channels + c] / count * (x[i] - mean[c]) - k * sums[c] / count;
        }
        dx[i] = v;
    }

    /// <summary>One row r of layer norm: y = (x − mean)·rstd·weight + bias over its D values, and the row's mean and rstd.</summary>
    public static void LayerNormForward<T, TMath>(Index1D r, ArrayView<T> x, ArrayView<T> weight, ArrayView<T> bias, ArrayView<T> y,
        ArrayView<T> mean, ArrayView<T> rstd, int d, T eps, int hasWeight, int hasBias)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int start = r * d;
        T count = default(TMath).FromDouble(d), sum = T.Zero;
        for (int j = 0; j < d; j++) sum += x[start + j];
        T m = sum / count, squares = T.Zero;
        for (int j = 0; j < d; j++)
        {
            T dev = x[start + j] - m;
            squares += dev * dev;
        }
        T s = T.One / T.Sqrt(squares / count + eps);
        mean[r] = m;
        rstd[r] = s;
        for (int j = 0; j < d; j++)
        {
            T v = (x[start + j] - m) * s;
            if (hasWeight != 0) v *= weight[j];
            if (hasBias != 0) v += bias[j];
            y[start + j] = v;
        }
    }

    /// <summary>One row r of layer norm's input gradient: with g = dy·weight and x̂ = (x − mean)·rstd, dx = rstd·(g − Σg/D − x̂·Σ(g·x̂)/D).</summary>
    public static void LayerNormBackwardInput<T, TMath>(Index1D r, ArrayView<T> dy, ArrayView<T> x, ArrayView<T> weight, ArrayView<T> mean, ArrayView<T> rstd,
        ArrayView<T> dx, int d, int hasWeight)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int start = r * d;
        T m = mean[r], s = rstd[r], sumG = T.Zero, sumGXhat = T.Zero;
        for (int j = 0; j < d; j++)
        {
            T g = hasWeight != 0 ? dy[start + j] * weight[j] : dy[start + j];
            sumG += g;
            sumGXhat += g * (x[start + j] - m) * s;
        }
        T count = default(TMath).FromDouble(d);
        T meanG = sumG / count, meanGXhat = sumGXhat / count;
        for (int j = 0; j < d; j++)
        {
            T g = hasWeight != 0 ? dy[start + j] * weight[j] : dy[start + j];
            dx[start + j] = s * (g - meanG - (x[start + j] - m) * s * meanGXhat);
        }
    }

    /// <summary>One column j of layer norm's parameter gradients: dweight[j] = Σ over rows of dy·x̂, dbias[j] = Σ dy (where wanted).</summary>
    public static void LayerNormBackwardParameters<T>(Index1D j, ArrayView<T> dy, ArrayView<T> x, ArrayView<T> mean, ArrayView<T> rstd,
        ArrayView<T> dweight, ArrayView<T> dbias, int rows, int d, int wantWeight, int wantBias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sumW = T.Zero, sumB = T.Zero;
        for (int r = 0; r < rows; r++)
        {
            T g = dy[r * d + j];
            sumW += g * (x[r * d + j] - mean[r]) * rstd[r];
            sumB += g;
        }
        if (wantWeight != 0) dweight[j] = sumW;
        if (wantBias != 0) dbias[j] = sumB;
    }

    /// <summary>The k-th of channel c's N·S values in [N, C, S].</summary>
    private static int At(BatchNormArgs a, int c, int k) => (k / a.Spatial * a.Channels + c) * a.Spatial + k % a.Spatial;

    /// <summary>The group's sum of each thread's <paramref name="value"/> (a shared-memory tree of a power-of-two group), seen by every thread.</summary>
    private static T GroupSum<T>(ArrayView<T> shared, T value, int t, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        shared[t] = value;
        Group.Barrier();
        for (int stride = threads / 2; stride > 0; stride /= 2)
        {
            if (t < stride) shared[t] += shared[t + stride];
            Group.Barrier();
        }
        T total = shared[0];
        Group.Barrier(); // every thread has read the total before the shared memory is reused
        return total;
    }
}
