using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Row-wise softmax and the class-index cross entropy, one thread per row of C classes, stable by
/// subtracting the row maximum first (logits of ±1000 stay finite).
/// </summary>
public static class SoftmaxKernels
{
    /// <summary>y[r, :] = softmax(x[r, :]) or, when <paramref name="log"/> is 1, log-softmax.</summary>
    public static void SoftmaxRows(Index1D r, ArrayView<float> x, ArrayView<float> y, int n, int log)
    {
        int start = r * n;
        float max = x[start];
        for (int k = 1; k < n; k++) max = x[start + k] > max ? x[start + k] : max;
        if (max == float.PositiveInfinity || max == float.NegativeInfinity) max = 0; // ±inf rows give NaN, as in PyTorch
        float sum = 0;
        for (int k = 0; k < n; k++) sum += GpuMath.Exp(x[start + k] - max);
        if (log != 0)
        {
            float logSum = GpuMath.Log(sum);
            for (int k = 0; k < n; k++) y[start + k] = x[start + k] - max - logSum;
        }
        else
        {
            float inv = 1f / sum;
            for (int k = 0; k < n; k++) y[start + k] = GpuMath.Exp(x[start + k] - max) * inv;
        }
    }

    /// <summary>
    /// Per row r of logits x[r, 0..c): probs[r, :] = softmax, losses[r] = logsumexp − x[r, y] and
    /// counted[r] = 1, or 0 and 0 when y is <paramref name="ignoreIndex"/>. An out-of-range target sets
    /// error[0] = 1 (the host then throws) and is skipped.
    /// </summary>
    public static void CrossEntropyForward(Index1D r, ArrayView<float> x, ArrayView<long> targets, ArrayView<float> probs,
        ArrayView<float> losses, ArrayView<float> counted, ArrayView<int> error, int c, long ignoreIndex)
    {
        long y = targets[r];
        losses[r] = 0;
        counted[r] = 0;
        int start = r * c;
        if (y == ignoreIndex)
        {
            for (int k = 0; k < c; k++) probs[start + k] = 0;
            return;
        }
        if (y < 0 || y >= c)
        {
            error[0] = 1;
            return;
        }
        float max = x[start];
        for (int k = 1; k < c; k++) max = x[start + k] > max ? x[start + k] : max;
        if (max == float.PositiveInfinity || max == float.NegativeInfinity) max = 0;
        float sum = 0;
        for (int k = 0; k < c; k++)
        {
            float e = GpuMath.Exp(x[start + k] - max);
            probs[start + k] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int k = 0; k < c; k++) probs[start + k] *= inv;
        losses[r] = max + GpuMath.Log(sum) - x[start + (int)y];
        counted[r] = 1;
    }

    /// <summary>
    /// dx[r, k] = scale[r·scaleStride] · (probs[r, k] − [k = y_r]), zero on ignored rows: the closed-form
    /// gradient of cross entropy. scaleStride is 0 for a mean/sum loss (one scale) and 1 for per-row losses.
    /// </summary>
    public static void CrossEntropyBackward(Index1D i, ArrayView<float> probs, ArrayView<long> targets, ArrayView<float> scale,
        ArrayView<float> dx, int c, int scaleStride, long ignoreIndex)
    {
        int r = i / c, k = i % c;
        long y = targets[r];
        dx[i] = y == ignoreIndex ? 0f : scale[r * scaleStride] * (probs[i] - (k == y ? 1f : 0f));
    }
}
