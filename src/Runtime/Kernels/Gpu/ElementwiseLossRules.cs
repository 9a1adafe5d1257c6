namespace GraphGen.Kernels.Gpu;

/// <summary>One element's loss and its derivatives with respect to input and target.</summary>
public struct LossTerms<T> where T : unmanaged
{
    public T Loss, DInput, DTarget;
}

/// <summary>
/// A loss defined element by element, in float32 and in float64 (a rule implements both): x = input, t = target,
/// w = weight, p = pos_weight (1 when absent).
/// </summary>
public interface IElementwiseLossRule<T> where T : unmanaged
{
    LossTerms<T> Apply(T x, T t, T w, T p);

    /// <summary>True where the input or target is outside the loss's domain (the host then throws naming the element).</summary>
    bool Invalid(T x, T t);
}

/// <summary>|x − t|; the derivative at x = t is 0, as in PyTorch.</summary>
public struct L1Rule : IElementwiseLossRule<float>, IElementwiseLossRule<double>
{
    public readonly LossTerms<float> Apply(float x, float t, float w, float p)
    {
        float d = x - t;
        float s = d > 0 ? 1f : d < 0 ? -1f : 0f;
        return new LossTerms<float> { Loss = d < 0 ? -d : d, DInput = s, DTarget = -s };
    }

    public readonly LossTerms<double> Apply(double x, double t, double w, double p)
    {
        double d = x - t;
        double s = d > 0 ? 1 : d < 0 ? -1 : 0;
        return new LossTerms<double> { Loss = d < 0 ? -d : d, DInput = s, DTarget = -s };
    }

    public readonly bool Invalid(float x, float t) => false;

    public readonly bool Invalid(double x, double t) => false;
}

/// <summary>−w·[t·log x + (1 − t)·log(1 − x)], each log clamped at −100; PyTorch's ε = 1e-12 keeps the derivative finite at 0 and 1.</summary>
public struct BceRule : IElementwiseLossRule<float>, IElementwiseLossRule<double>
{
    public readonly LossTerms<float> Apply(float x, float t, float w, float p)
    {
        float logX = GpuMath.Log(x), log1mX = GpuMath.Log(1f - x);
        logX = logX > -100f ? logX : -100f;
        log1mX = log1mX > -100f ? log1mX : -100f;
        float denominator = (1f - x) * x;
        denominator = denominator > 1e-12f ? denominator : 1e-12f;
        return new LossTerms<float> { Loss = -w * (t * logX + (1f - t) * log1mX), DInput = w * (x - t) / denominator, DTarget = w * (log1mX - logX) };
    }

    public readonly LossTerms<double> Apply(double x, double t, double w, double p)
    {
        double logX = GpuMath64.Log(x), log1mX = GpuMath64.Log(1 - x);
        logX = logX > -100 ? logX : -100;
        log1mX = log1mX > -100 ? log1mX : -100;
        double denominator = (1 - x) * x;
        denominator = denominator > 1e-12 ? denominator : 1e-12;
        return new LossTerms<double> { Loss = -w * (t * logX + (1 - t) * log1mX), DInput = w * (x - t) / denominator, DTarget = w * (log1mX - logX) };
    }

    public readonly bool Invalid(float x, float t) => !(x >= 0f && x <= 1f && t >= 0f && t <= 1f);

    public readonly bool Invalid(double x, double t) => !(x >= 0 && x <= 1 && t >= 0 && t <= 1);
}

/// <summary>
/// w·[(1 − t)·x + (1 + (p − 1)·t)·softplus(−x)] with softplus(−x) = log(1 + e^{−|x|}) + max(−x, 0), exact for
/// logits of any magnitude (never exponentiates a positive number).
/// </summary>
public struct BceWithLogitsRule : IElementwiseLossRule<float>, IElementwiseLossRule<double>
{
    public readonly LossTerms<float> Apply(float x, float t, float w, float p)
    {
        float e = GpuMath.Exp(-(x < 0 ? -x : x));
        float log1pE = e < 1e-4f ? e * (1f - e * (0.5f - e / 3f)) : GpuMath.Log(1f + e);
        float softplusNegX = log1pE + (x < 0 ? -x : 0f);
        float logWeight = 1f + (p - 1f) * t;
        return new LossTerms<float>
        {
            Loss = w * ((1f - t) * x + logWeight * softplusNegX),
            DInput = w * (logWeight * GpuMath.Sigmoid(x) - p * t),
            DTarget = w * (-x + (p - 1f) * softplusNegX),
        };
    }

    public readonly LossTerms<double> Apply(double x, double t, double w, double p)
    {
        double e = GpuMath64.Exp(-(x < 0 ? -x : x));
        double log1pE = e < 1e-4 ? e * (1 - e * (0.5 - e / 3)) : GpuMath64.Log(1 + e);
        double softplusNegX = log1pE + (x < 0 ? -x : 0);
        double logWeight = 1 + (p - 1) * t;
        return new LossTerms<double>
        {
            Loss = w * ((1 - t) * x + logWeight * softplusNegX),
            DInput = w * (logWeight * GpuMath64.Sigmoid(x) - p * t),
            DTarget = w * (-x + (p - 1) * softplusNegX),
        };
    }

    public readonly bool Invalid(float x, float t) => false;

    public readonly bool Invalid(double x, double t) => false;
}

/// <summary>Where the optional weight and pos_weight of an elementwise loss are read (broadcast against the input through their layouts).</summary>
public struct LossWeights
{
    public int HasWeight, HasPosWeight;
    public StridedLayout Weight, PosWeight;
}
