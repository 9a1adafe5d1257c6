using System.Numerics;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Batch normalisation over [N, C, S] (S = the positions after the channel dim) and layer normalisation over [rows, D]
/// on the device, with the CPU's formulas (<see cref="Cpu.Normalization"/>): two-pass statistics (mean, then the mean
/// of squared deviations), one thread per channel or row for the reductions and one per element to normalise. An
/// absent weight or bias is a 0 flag (its view is then any non-empty view, never read). Generic over float32/float64.
/// </summary>
public static class NormalizationKernels
{
    /// <summary>
    /// Per channel c: the batch mean and biased variance over N·S values, into stats = [mean | invStd | variance]
    /// (C each) with invStd = 1/√(variance + eps).
    /// </summary>
    public static void BatchNormStatistics<T, TMath>(Index1D c, ArrayView<T> x, ArrayView<T> stats, BatchNormArgs a, T eps)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        T count = default(TMath).FromDouble(a.Count), sum = T.Zero;
        for (int n = 0; n < a.Batch; n++)
            for (int s = 0, at = (n * a.Channels + c) * a.Spatial; s < a.Spatial; s++) sum += x[at + s];
        T m = sum / count, squares = T.Zero;
        for (int n = 0; n < a.Batch; n++)
            for (int s = 0, at = (n * a.Channels + c) * a.Spatial; s < a.Spatial; s++)
            {
                T dev = x[at + s] - m;
                squares += dev * dev;
            }
        T v = squares / count;
        stats[c] = m;
        stats[a.Channels + c] = T.One / T.Sqrt(v + eps);
        stats[2 * a.Channels + c] = v;
    }

    /// <summary>Eval mode: stats = [runningMean | 1/√(runningVar + eps)], the running statistics normalise.</summary>
    public static void RunningStatistics<T>(Index1D c, ArrayView<T> runningMean, ArrayView<T> runningVar, ArrayView<T> stats, int channels, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        stats[c] = runningMean[c];
        stats[channels + c] = T.One / T.Sqrt(runningVar[c] + eps);
    }

    /// <summary>y = (x − mean[c])·invStd[c]·weight[c] + bias[c] for the channel c of each element.</summary>
    public static void BatchNormApply<T>(Index1D i, ArrayView<T> x, ArrayView<T> y, ArrayView<T> stats, ArrayView<T> weight, ArrayView<T> bias, BatchNormArgs a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = i / a.Spatial % a.Channels;
        T v = (x[i] - stats[c]) * stats[a.Channels + c];
        if (a.HasWeight != 0) v *= weight[c];
        if (a.HasBias != 0) v += bias[c];
        y[i] = v;
    }

    /// <summary>running = (1 − momentum)·running + momentum·batch statistic, the variance made unbiased (·unbias = n/(n−1)).</summary>
    public static void UpdateRunningStatistics<T>(Index1D c, ArrayView<T> runningMean, ArrayView<T> runningVar, ArrayView<T> stats,
        int channels, T momentum, T unbias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        runningMean[c] = (T.One - momentum) * runningMean[c] + momentum * stats[c];
        runningVar[c] = (T.One - momentum) * runningVar[c] + momentum * stats[2 * channels + c] * unbias;
    }

    /// <summary>
    /// Per channel: sums = [Σ dy | Σ dy·(x − mean)] (C each), and from them dweight = Σ dy·x̂ and dbias = Σ dy where
    /// wanted.
    /// </summary>
    public static void BatchNormBackwardSums<T>(Index1D c, ArrayView<T> dy, ArrayView<T> x, ArrayView<T> stats, ArrayView<T> sums,
        ArrayView<T> dweight, ArrayView<T> dbias, BatchNormArgs a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T m = stats[c], sumDy = T.Zero, sumDyDev = T.Zero;
        for (int n = 0; n < a.Batch; n++)
            for (int s = 0, at = (n * a.Channels + c) * a.Spatial; s < a.Spatial; s++)
            {
                sumDy += dy[at + s];
                sumDyDev += dy[at + s] * (x[at + s] - m);
            }
        sums[c] = sumDy;
        sums[a.Channels + c] = sumDyDev;
        if (a.WantWeightGradient != 0) dweight[c] = sumDyDev * stats[a.Channels + c];
        if (a.WantBiasGradient != 0) dbias[c] = sumDy;
    }

    /// <summary>
    /// dx = k·dy + kDev·(x − mean) + kConst with k = invStd·w; in training (batch statistics) kDev = −k·invStd²·Σdy(x − mean)/n
    /// and kConst = −k·Σdy/n, in eval both 0.
    /// </summary>
    public static void BatchNormBackwardInput<T, TMath>(Index1D i, ArrayView<T> dy, ArrayView<T> x, ArrayView<T> stats, ArrayView<T> weight,
        ArrayView<T> sums, ArrayView<T> dx, BatchNormArgs a)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int c = i / a.Spatial % a.Channels;
        T s = stats[a.Channels + c], k = s * (a.HasWeight != 0 ? weight[c] : T.One);
        T v = k * dy[i];
        if (a.Training != 0)
        {
            T count = default(TMath).FromDouble(a.Count);
            v += -k * s * s * sums[a.Channels + c] / count * (x[i] - stats[c]) - k * sums[c] / count;
        }
        dx[i] = v;
    }

    /// <summary>One row r of layer norm: y = (x − mean)·rstd·weight + bias over its D values; stats = [mean | rstd] (one per row each).</summary>
    public static void LayerNormForward<T, TMath>(Index1D r, ArrayView<T> x, ArrayView<T> weight, ArrayView<T> bias, ArrayView<T> y,
        ArrayView<T> stats, int d, T eps, int hasWeight, int hasBias)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int start = r * d, rows = (int)stats.Length / 2;
        T count = default(TMath).FromDouble(d), sum = T.Zero;
        for (int j = 0; j < d; j++) sum += x[start + j];
        T m = sum / count, squares = T.Zero;
        for (int j = 0; j < d; j++)
        {
            T dev = x[start + j] - m;
            squares += dev * dev;
        }
        T s = T.One / T.Sqrt(squares / count + eps);
        stats[r] = m;
        stats[rows + r] = s;
        for (int j = 0; j < d; j++)
        {
            T v = (x[start + j] - m) * s;
            if (hasWeight != 0) v *= weight[j];
            if (hasBias != 0) v += bias[j];
            y[start + j] = v;
        }
    }

    /// <summary>One row r of layer norm's input gradient: with g = dy·weight and x̂ = (x − mean)·rstd, dx = rstd·(g − Σg/D − x̂·Σ(g·x̂)/D).</summary>
    public static void LayerNormBackwardInput<T, TMath>(Index1D r, ArrayView<T> dy, ArrayView<T> x, ArrayView<T> weight, ArrayView<T> stats,
        ArrayView<T> dx, int d, int hasWeight)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int start = r * d, rows = (int)stats.Length / 2;
        T m = stats[r], s = stats[rows + r], sumG = T.Zero, sumGXhat = T.Zero;
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
    public static void LayerNormBackwardParameters<T>(Index1D j, ArrayView<T> dy, ArrayView<T> x, ArrayView<T> stats,
        ArrayView<T> dweight, ArrayView<T> dbias, int rows, int d, int wantWeight, int wantBias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sumW = T.Zero, sumB = T.Zero;
        for (int r = 0; r < rows; r++)
        {
            T g = dy[r * d + j];
            sumW += g * (x[r * d + j] - stats[r]) * stats[rows + r];
            sumB += g;
        }
        if (wantWeight != 0) dweight[j] = sumW;
        if (wantBias != 0) dbias[j] = sumB;
    }
}
