using System.Numerics;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The losses' kernels: elementwise losses (one thread per element writes the loss and both derivatives, saved for
/// the backward), and the class-index losses over rows of C class scores laid out (N, C, S) — row r = n·S + s
/// reads its class k at n·C·S + k·S + s — so (C), (N, C) and (N, C, d1, ...) inputs share one kernel.
/// </summary>
public static class LossKernels
{
    /// <summary>Element i's loss and derivatives by <typeparamref name="TRule"/> (weights read through their broadcast layouts); a domain error sets error[0].</summary>
    public static void Elementwise<T, TRule>(Index1D i, ArrayView<T> x, ArrayView<T> t, ArrayView<T> weight, ArrayView<T> posWeight,
        LossWeights lw, ArrayView<T> loss, ArrayView<T> dInput, ArrayView<T> dTarget, ArrayView<int> error)
        where T : unmanaged, IFloatingPointIeee754<T> where TRule : struct, IElementwiseLossRule<T>
    {
        T xi = x[i], ti = t[i];
        if (default(TRule).Invalid(xi, ti)) error[0] = 1;
        T w = lw.HasWeight != 0 ? weight[lw.Weight.OffsetOf(i)] : T.One;
        T p = lw.HasPosWeight != 0 ? posWeight[lw.PosWeight.OffsetOf(i)] : T.One;
        var terms = default(TRule).Apply(xi, ti, w, p);
        loss[i] = terms.Loss;
        dInput[i] = terms.DInput;
        dTarget[i] = terms.DTarget;
    }

    /// <summary>
    /// Cross entropy of row r with class weights (HasWeight) and label smoothing ε:
    /// ℓ = (1 − ε)·w_y·(logZ − x_y) + (ε/C)·Σ_k w_k·(logZ − x_k). Writes the softmax (row-major [r, k]), the loss and
    /// the row's weight w_y (the mean's denominator term); ignored rows write zeros; an out-of-range target sets error[0].
    /// Generic over float32/float64 (<typeparamref name="TMath"/> supplies exp and log).
    /// </summary>
    public static void CrossEntropyRows<T, TMath>(Index1D r, ArrayView<T> x, ArrayView<long> targets, ArrayView<T> weight, ArrayView<T> probs,
        ArrayView<T> losses, ArrayView<T> rowWeights, ArrayView<int> error, ClassLossArgs a)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        long y = targets[r];
        losses[r] = T.Zero;
        rowWeights[r] = T.Zero;
        int c = a.Classes, s = a.Spatial;
        int start = r / s * c * s + r % s;
        if (y == a.IgnoreIndex)
        {
            for (int k = 0; k < c; k++) probs[r * c + k] = T.Zero;
            return;
        }
        if (y < 0 || y >= c)
        {
            error[0] = 1;
            return;
        }
        T max = x[start];
        for (int k = 1; k < c; k++) max = x[start + k * s] > max ? x[start + k * s] : max;
        if (T.IsInfinity(max)) max = T.Zero; // ±inf rows give NaN, as in PyTorch
        T sum = T.Zero;
        for (int k = 0; k < c; k++)
        {
            T e = default(TMath).Exp(x[start + k * s] - max);
            probs[r * c + k] = e;
            sum += e;
        }
        T inv = T.One / sum, logZ = max + default(TMath).Log(sum);
        for (int k = 0; k < c; k++) probs[r * c + k] *= inv;
        T wy = a.HasWeight != 0 ? weight[(int)y] : T.One;
        T smoothing = default(TMath).FromDouble(a.Smoothing);
        T loss = (T.One - smoothing) * wy * (logZ - x[start + (int)y * s]);
        if (a.Smoothing > 0)
        {
            T smooth = T.Zero;
            for (int k = 0; k < c; k++) smooth += (a.HasWeight != 0 ? weight[k] : T.One) * (logZ - x[start + k * s]);
            loss += smoothing / default(TMath).FromDouble(c) * smooth;
        }
        losses[r] = loss;
        rowWeights[r] = wy;
    }

    /// <summary>
    /// dx at (row r, class k) = scale[r·scaleStride]·[(1 − ε)·w_y·(p_k − [k = y]) + (ε/C)·(W·p_k − w_k)], W = Σ w
    /// (totalWeight[0]); zero on ignored rows. scaleStride is 0 for mean/sum (one scale), 1 for per-row losses.
    /// </summary>
    public static void CrossEntropyRowsBackward<T, TMath>(Index1D i, ArrayView<T> probs, ArrayView<long> targets, ArrayView<T> weight,
        ArrayView<T> totalWeight, ArrayView<T> scale, ArrayView<T> dx, int scaleStride, ClassLossArgs a)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int c = a.Classes, s = a.Spatial;
        int r = i / c, k = i % c;
        int at = r / s * c * s + k * s + r % s;
        long y = targets[r];
        if (y == a.IgnoreIndex)
        {
            dx[at] = T.Zero;
            return;
        }
        T p = probs[i];
        T wy = a.HasWeight != 0 ? weight[(int)y] : T.One;
        T smoothing = default(TMath).FromDouble(a.Smoothing);
        T d = (T.One - smoothing) * wy * (k == y ? p - T.One : p);
        if (a.Smoothing > 0) d += smoothing / default(TMath).FromDouble(c) * (totalWeight[0] * p - (a.HasWeight != 0 ? weight[k] : T.One));
        dx[at] = scale[r * scaleStride] * d;
    }

    /// <summary>NLL of row r: ℓ = −w_y·x[y], row weight w_y; ignored rows write zeros; an out-of-range target sets error[0].</summary>
    public static void NllRows<T>(Index1D r, ArrayView<T> x, ArrayView<long> targets, ArrayView<T> weight,
        ArrayView<T> losses, ArrayView<T> rowWeights, ArrayView<int> error, ClassLossArgs a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long y = targets[r];
        losses[r] = T.Zero;
        rowWeights[r] = T.Zero;
        if (y == a.IgnoreIndex) return;
        if (y < 0 || y >= a.Classes)
        {
            error[0] = 1;
            return;
        }
        T wy = a.HasWeight != 0 ? weight[(int)y] : T.One;
        losses[r] = -wy * x[r / a.Spatial * a.Classes * a.Spatial + (int)y * a.Spatial + r % a.Spatial];
        rowWeights[r] = wy;
    }

    /// <summary>dx[row r, class y] = −w_y·scale[r·scaleStride] (dx zeroed first); nothing on ignored rows.</summary>
    public static void NllRowsBackward<T>(Index1D r, ArrayView<long> targets, ArrayView<T> weight, ArrayView<T> scale,
        ArrayView<T> dx, int scaleStride, ClassLossArgs a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long y = targets[r];
        if (y == a.IgnoreIndex) return;
        T wy = a.HasWeight != 0 ? weight[(int)y] : T.One;
        dx[r / a.Spatial * a.Classes * a.Spatial + (int)y * a.Spatial + r % a.Spatial] = -wy * scale[r * scaleStride];
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
