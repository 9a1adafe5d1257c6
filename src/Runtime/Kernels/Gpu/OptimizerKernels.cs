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
}
