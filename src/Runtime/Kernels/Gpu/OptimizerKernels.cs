using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>Hyper-parameters of one SGD update (PyTorch's order: maximize, weight decay, momentum, Nesterov).</summary>
public struct SgdArgs
{
    public float Lr, Momentum, Dampening, WeightDecay;
    public int Nesterov, Maximize, FirstStep;
}

/// <summary>Hyper-parameters of one Adam/AdamW update; StepSize = lr / (1 − β1^t) and BiasCorrection2Sqrt = √(1 − β2^t) come from the host.</summary>
public struct AdamArgs
{
    public float Beta1, Beta2, Eps, WeightDecay, StepSize, BiasCorrection2Sqrt, DecoupledDecay;
    public int Amsgrad, Maximize, Decoupled;
}

/// <summary>Hyper-parameters of one RMSprop update (PyTorch's <c>torch.optim.RMSprop</c>).</summary>
public struct RmspropArgs
{
    public float Lr, Alpha, Eps, WeightDecay, Momentum;
    public int Centered, Maximize;
}

/// <summary>Hyper-parameters of one Adagrad update; ClippedLr = lr / (1 + (t − 1)·lr_decay) comes from the host.</summary>
public struct AdagradArgs
{
    public float ClippedLr, Eps, WeightDecay;
    public int Maximize;
}

/// <summary>The optimizers' per-element updates: one thread per parameter element, state updated in place.</summary>
public static class OptimizerKernels
{
    /// <summary>SGD with momentum/dampening/Nesterov/weight decay; <paramref name="momentumBuffer"/> is unused without momentum.</summary>
    public static void SgdStep(Index1D i, ArrayView<float> param, ArrayView<float> grad, ArrayView<float> momentumBuffer, SgdArgs a)
    {
        float d = a.Maximize != 0 ? -grad[i] : grad[i];
        if (a.WeightDecay != 0) d += param[i] * a.WeightDecay;
        if (a.Momentum != 0)
        {
            float buf = a.FirstStep != 0 ? d : momentumBuffer[i] * a.Momentum + d * (1 - a.Dampening);
            momentumBuffer[i] = buf;
            d = a.Nesterov != 0 ? d + buf * a.Momentum : buf;
        }
        param[i] += d * -a.Lr;
    }

    /// <summary>Adam (weight decay into the gradient) or AdamW (decoupled: the weight shrinks first), optional AMSGrad.</summary>
    public static void AdamStep(Index1D i, ArrayView<float> param, ArrayView<float> grad, ArrayView<float> expAvg,
        ArrayView<float> expAvgSq, ArrayView<float> maxExpAvgSq, AdamArgs a)
    {
        float p = param[i];
        if (a.Decoupled != 0) p *= a.DecoupledDecay;
        float g = a.Maximize != 0 ? -grad[i] : grad[i];
        if (a.Decoupled == 0 && a.WeightDecay != 0) g += p * a.WeightDecay;

        // exp_avg.lerp_(g, 1 − β1) with PyTorch's two-sided form; exp_avg_sq = β2·v + (1 − β2)·g².
        float w = 1 - a.Beta1;
        float m = expAvg[i];
        m = w < 0.5f ? m + (g - m) * w : g - (g - m) * (1 - w);
        float v = expAvgSq[i] * a.Beta2 + g * (1 - a.Beta2) * g;
        expAvg[i] = m;
        expAvgSq[i] = v;
        if (a.Amsgrad != 0)
        {
            float vmax = maxExpAvgSq[i];
            v = v > vmax ? v : vmax;
            maxExpAvgSq[i] = v;
        }
        float denom = MathF.Sqrt(v) / a.BiasCorrection2Sqrt + a.Eps;
        param[i] = p + m / denom * -a.StepSize;
    }

    /// <summary>
    /// RMSprop: v = α·v + (1 − α)·g²; centered subtracts the squared running mean of g; then
    /// p −= lr·g / (√v + ε), through a momentum buffer when momentum &gt; 0. Unused state views are never touched.
    /// </summary>
    public static void RmspropStep(Index1D i, ArrayView<float> param, ArrayView<float> grad, ArrayView<float> squareAvg,
        ArrayView<float> gradAvg, ArrayView<float> momentumBuffer, RmspropArgs a)
    {
        float p = param[i];
        float g = a.Maximize != 0 ? -grad[i] : grad[i];
        if (a.WeightDecay != 0) g += p * a.WeightDecay;
        float v = squareAvg[i] * a.Alpha + g * (1 - a.Alpha) * g;
        squareAvg[i] = v;
        float avg;
        if (a.Centered != 0)
        {
            // grad_avg.lerp_(g, 1 − α) with PyTorch's two-sided form
            float w = 1 - a.Alpha;
            float m = gradAvg[i];
            m = w < 0.5f ? m + (g - m) * w : g - (g - m) * (1 - w);
            gradAvg[i] = m;
            avg = MathF.Sqrt(v - m * m);
        }
        else
        {
            avg = MathF.Sqrt(v);
        }
        avg += a.Eps;
        if (a.Momentum > 0)
        {
            float buf = momentumBuffer[i] * a.Momentum + g / avg;
            momentumBuffer[i] = buf;
            param[i] = p + buf * -a.Lr;
        }
        else
        {
            param[i] = p + g / avg * -a.Lr;
        }
    }

    /// <summary>Adagrad: sum += g²; p −= clr·g / (√sum + ε).</summary>
    public static void AdagradStep(Index1D i, ArrayView<float> param, ArrayView<float> grad, ArrayView<float> sum, AdagradArgs a)
    {
        float p = param[i];
        float g = a.Maximize != 0 ? -grad[i] : grad[i];
        if (a.WeightDecay != 0) g += p * a.WeightDecay;
        float s = sum[i] + g * g;
        sum[i] = s;
        param[i] = p + g / (MathF.Sqrt(s) + a.Eps) * -a.ClippedLr;
    }
}
