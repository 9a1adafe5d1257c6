using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>One element's loss and its derivatives with respect to input and target.</summary>
public struct LossTerms
{
    public float Loss, DInput, DTarget;
}

/// <summary>A loss defined element by element: x = input, t = target, w = weight, p = pos_weight (1 when absent).</summary>
public interface IElementwiseLossRule
{
    LossTerms Apply(float x, float t, float w, float p);

    /// <summary>True where the input is outside the loss's domain (the host then throws naming the element).</summary>
    bool Invalid(float x);
}

/// <summary>|x − t|; the derivative at x = t is 0, as in PyTorch.</summary>
public struct L1Rule : IElementwiseLossRule
{
    public readonly LossTerms Apply(float x, float t, float w, float p)
    {
        float d = x - t;
        float s = d > 0 ? 1f : d < 0 ? -1f : 0f;
        return new LossTerms { Loss = d < 0 ? -d : d, DInput = s, DTarget = -s };
    }

    public readonly bool Invalid(float x) => false;
}

/// <summary>−w·[t·log x + (1 − t)·log(1 − x)], each log clamped at −100; PyTorch's ε = 1e-12 keeps the derivative finite at 0 and 1.</summary>
public struct BceRule : IElementwiseLossRule
{
    public readonly LossTerms Apply(float x, float t, float w, float p)
    {
        float logX = GpuMath.Log(x), log1mX = GpuMath.Log(1f - x);
        logX = logX > -100f ? logX : -100f;
        log1mX = log1mX > -100f ? log1mX : -100f;
        float denominator = (1f - x) * x;
        denominator = denominator > 1e-12f ? denominator : 1e-12f;
        return new LossTerms
        {
            Loss = -w * (t * logX + (1f - t) * log1mX),
            DInput = w * (x - t) / denominator,
            DTarget = w * (log1mX - logX),
        };
    }

    public readonly bool Invalid(float x) => !(x >= 0f && x <= 1f);
}

/// <summary>
/// w·[(1 − t)·x + (1 + (p − 1)·t)·softplus(−x)] with softplus(−x) = log(1 + e^{−|x|}) + max(−x, 0), exact for
/// logits of any magnitude (never exponentiates a positive number).
/// </summary>
public struct BceWithLogitsRule : IElementwiseLossRule
{
    public readonly LossTerms Apply(float x, float t, float w, float p)
    {
        float ax = x < 0 ? -x : x;
        float e = GpuMath.Exp(-ax);
        float log1pE = e < 1e-4f ? e * (1f - e * (0.5f - e / 3f)) : GpuMath.Log(1f + e);
        float softplusNegX = log1pE + (x < 0 ? -x : 0f);
        float logWeight = 1f + (p - 1f) * t;
        float sigmoid = GpuMath.Sigmoid(x);
        return new LossTerms
        {
            Loss = w * ((1f - t) * x + logWeight * softplusNegX),
            DInput = w * (logWeight * sigmoid - p * t),
            DTarget = w * (-x + (p - 1f) * softplusNegX),
        };
    }

    public readonly bool Invalid(float x) => false;
}

/// <summary>Where the optional weight and pos_weight of an elementwise loss are read (broadcast against the input through their layouts).</summary>
public struct LossWeights
{
    public int HasWeight, HasPosWeight;
    public StridedLayout Weight, PosWeight;
}

/// <summary>
/// The losses' kernels: elementwise losses (one thread per element writes the loss and both derivatives, saved for
/// the backward), and the class-index losses over rows of C class scores laid out (N, C, S) — row r = n·S + s
/// reads its class k at n·C·S + k·S + s — so (C), (N, C) and (N, C, d1, ...) inputs share one kernel.
/// </summary>
public static class LossKernels
{
    public static void Elementwise<TRule>(Index1D i, ArrayView<float> x, ArrayView<float> t, ArrayView<float> weight, ArrayView<float> posWeight,
        LossWeights lw, ArrayView<float> loss, ArrayView<float> dInput, ArrayView<float> dTarget, ArrayView<int> error)
        where TRule : struct, IElementwiseLossRule
    {
        float xi = x[i];
        if (default(TRule).Invalid(xi)) error[0] = 1;
        float w = lw.HasWeight != 0 ? weight[lw.Weight.OffsetOf(i)] : 1f;
        float p = lw.HasPosWeight != 0 ? posWeight[lw.PosWeight.OffsetOf(i)] : 1f;
        var terms = default(TRule).Apply(xi, t[i], w, p);
        loss[i] = terms.Loss;
        dInput[i] = terms.DInput;
        dTarget[i] = terms.DTarget;
    }

    /// <summary>
    /// Cross entropy of row r with class weights (HasWeight) and label smoothing ε:
    /// ℓ = (1 − ε)·w_y·(logZ − x_y) + (ε/C)·Σ_k w_k·(logZ − x_k). Writes the softmax (row-major [r, k]), the loss and
    /// the row's weight w_y (the mean's denominator term); ignored rows write zeros; an out-of-range target sets error[0].
    /// </summary>
    public static void CrossEntropyRows(Index1D r, ArrayView<float> x, ArrayView<long> targets, ArrayView<float> weight, ArrayView<float> probs,
        ArrayView<float> losses, ArrayView<float> rowWeights, ArrayView<int> error, ClassLossArgs a)
    {
        long y = targets[r];
        losses[r] = 0;
        rowWeights[r] = 0;
        int c = a.Classes, s = a.Spatial;
        int start = r / s * c * s + r % s;
        if (y == a.IgnoreIndex)
        {
            for (int k = 0; k < c; k++) probs[r * c + k] = 0;
            return;
        }
        if (y < 0 || y >= c)
        {
            error[0] = 1;
            return;
        }
        float max = x[start];
        for (int k = 1; k < c; k++) max = x[start + k * s] > max ? x[start + k * s] : max;
        if (max == float.PositiveInfinity || max == float.NegativeInfinity) max = 0;
        float sum = 0;
        for (int k = 0; k < c; k++)
        {
            float e = GpuMath.Exp(x[start + k * s] - max);
            probs[r * c + k] = e;
            sum += e;
        }
        float inv = 1f / sum, logZ = max + GpuMath.Log(sum);
        for (int k = 0; k < c; k++) probs[r * c + k] *= inv;
        float wy = a.HasWeight != 0 ? weight[(int)y] : 1f;
        float loss = (1f - a.Smoothing) * wy * (logZ - x[start + (int)y * s]);
        if (a.Smoothing > 0)
        {
            float smooth = 0;
            for (int k = 0; k < c; k++) smooth += (a.HasWeight != 0 ? weight[k] : 1f) * (logZ - x[start + k * s]);
            loss += a.Smoothing / c * smooth;
        }
        losses[r] = loss;
        rowWeights[r] = wy;
    }

    /// <summary>
    /// dx at (row r, class k) = scale[r·scaleStride]·[(1 − ε)·w_y·(p_k − [k = y]) + (ε/C)·(W·p_k − w_k)], W = Σ w
    /// (totalWeight[0]); zero on ignored rows. scaleStride is 0 for mean/sum (one scale), 1 for per-row losses.
    /// </summary>
    public static void CrossEntropyRowsBackward(Index1D i, ArrayView<float> probs, ArrayView<long> targets, ArrayView<float> weight,
        ArrayView<float> totalWeight, ArrayView<float> scale, ArrayView<float> dx, int scaleStride, ClassLossArgs a)
    {
        int c = a.Classes, s = a.Spatial;
        int r = i / c, k = i % c;
        int at = r / s * c * s + k * s + r % s;
        long y = targets[r];
        if (y == a.IgnoreIndex)
        {
            dx[at] = 0;
            return;
        }
        float p = probs[i];
        float wy = a.HasWeight != 0 ? weight[(int)y] : 1f;
        float d = (1f - a.Smoothing) * wy * (p - (k == y ? 1f : 0f));
        if (a.Smoothing > 0) d += a.Smoothing / c * (totalWeight[0] * p - (a.HasWeight != 0 ? weight[k] : 1f));
        dx[at] = scale[r * scaleStride] * d;
    }

    /// <summary>NLL of row r: ℓ = −w_y·x[y], row weight w_y; ignored rows write zeros; an out-of-range target sets error[0].</summary>
    public static void NllRows(Index1D r, ArrayView<float> x, ArrayView<long> targets, ArrayView<float> weight,
        ArrayView<float> losses, ArrayView<float> rowWeights, ArrayView<int> error, ClassLossArgs a)
    {
        long y = targets[r];
        losses[r] = 0;
        rowWeights[r] = 0;
        if (y == a.IgnoreIndex) return;
        if (y < 0 || y >= a.Classes)
        {
            error[0] = 1;
            return;
        }
        float wy = a.HasWeight != 0 ? weight[(int)y] : 1f;
        losses[r] = -wy * x[r / a.Spatial * a.Classes * a.Spatial + (int)y * a.Spatial + r % a.Spatial];
        rowWeights[r] = wy;
    }

    /// <summary>dx[row r, class y] = −w_y·scale[r·scaleStride] (dx zeroed first); nothing on ignored rows.</summary>
    public static void NllRowsBackward(Index1D r, ArrayView<long> targets, ArrayView<float> weight, ArrayView<float> scale,
        ArrayView<float> dx, int scaleStride, ClassLossArgs a)
    {
        long y = targets[r];
        if (y == a.IgnoreIndex) return;
        float wy = a.HasWeight != 0 ? weight[(int)y] : 1f;
        dx[r / a.Spatial * a.Classes * a.Spatial + (int)y * a.Spatial + r % a.Spatial] = -wy * scale[r * scaleStride];
    }
}

/// <summary>Geometry and options of a class-index loss launch: C classes, S positions per sample, ignore_index, ε, whether weights are read.</summary>
public struct ClassLossArgs
{
    public int Classes, Spatial, HasWeight;
    public long IgnoreIndex;
    public float Smoothing;
}
