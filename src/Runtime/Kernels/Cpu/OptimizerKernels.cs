using System.Numerics.Tensors;
using GraphGen.Kernels.Cpu.Simd;

namespace GraphGen.Kernels.Cpu;

/// <summary>SGD's hyper-parameters as one step uses them (float32, as the update runs).</summary>
internal readonly record struct SgdStep(float Lr, float Momentum, float OneMinusDampening, float WeightDecay, bool Nesterov, bool Maximize);

/// <summary>Adam's and AdamW's hyper-parameters for one step of one parameter (the bias corrections depend on its step count).</summary>
internal readonly record struct AdamStep(float Beta1Weight, float Beta2, float OneMinusBeta2, float WeightDecay, float DecayFactor,
    float BiasCorrection2Sqrt, float Eps, float NegativeStepSize, bool Decoupled, bool Amsgrad, bool Maximize);

/// <summary>
/// The optimizers' updates as one fused pass over each parameter (PyTorch's fused/<c>foreach</c> implementations):
/// every element is read and written once, at <see cref="SimdDispatch.Width"/> and then a scalar tail, instead of a
/// pass per operation. Each element goes through the same float32 operations, in the same order and with the same
/// fused multiply-adds, as PyTorch's single-tensor loop (<c>_single_tensor_sgd</c>, <c>_single_tensor_adam</c>), so
/// the results are bit-for-bit those of the op-by-op form.
/// </summary>
internal static class OptimizerKernels
{
    /// <summary>
    /// One SGD step; <paramref name="momentumBuffer"/> is empty without momentum and is set to d on the <paramref name="firstStep"/>.
    /// A large parameter is split across workers (<see cref="OptimizerWorkers"/>); each element's update is the same.
    /// </summary>
    public static void Sgd(Span<float> param, ReadOnlySpan<float> grad, Span<float> momentumBuffer, in SgdStep h, bool firstStep)
    {
        int workers = OptimizerWorkers.Count(param.Length);
        if (workers > 1) OptimizerWorkers.Sgd(param, grad, momentumBuffer, h, firstStep, workers);
        else SgdRange(param, grad, momentumBuffer, h, firstStep);
    }

    /// <summary>SGD over one contiguous range of a parameter's elements, on the calling thread.</summary>
    internal static void SgdRange(Span<float> param, ReadOnlySpan<float> grad, Span<float> momentumBuffer, in SgdStep h, bool firstStep)
    {
        if (h is { Momentum: 0, WeightDecay: 0, Maximize: false })
        {
            TensorPrimitives.FusedMultiplyAdd(grad, -h.Lr, param, param); // plain SGD is one fused multiply-add already
            return;
        }

        int i = SimdDispatch.Width switch
        {
            SimdWidth.V512 => SgdVectors<Simd512>(param, grad, momentumBuffer, h, firstStep),
            SimdWidth.V256 => SgdVectors<Simd256>(param, grad, momentumBuffer, h, firstStep),
            SimdWidth.V128 => SgdVectors<Simd128>(param, grad, momentumBuffer, h, firstStep),
            _ => 0,
        };
        for (; i < param.Length; i++)
        {
            float d = h.Maximize ? -grad[i] : grad[i];
            if (h.WeightDecay != 0) d = MathF.FusedMultiplyAdd(param[i], h.WeightDecay, d);
            if (h.Momentum != 0)
            {
                float buf = firstStep ? d : MathF.FusedMultiplyAdd(d, h.OneMinusDampening, momentumBuffer[i] * h.Momentum);
                momentumBuffer[i] = buf;
                d = h.Nesterov ? MathF.FusedMultiplyAdd(buf, h.Momentum, d) : buf;
            }

            param[i] = MathF.FusedMultiplyAdd(d, -h.Lr, param[i]);
        }
    }

    private static int SgdVectors<V>(Span<float> param, ReadOnlySpan<float> grad, Span<float> momentumBuffer, in SgdStep h, bool firstStep)
        where V : struct, ISimdFloat<V>
    {
        // The flags as locals, so the JIT keeps them in registers instead of re-reading them through the reference.
        V negativeLr = -h.Lr, weightDecay = h.WeightDecay, momentum = h.Momentum, oneMinusDampening = h.OneMinusDampening;
        bool maximize = h.Maximize, decay = h.WeightDecay != 0, withMomentum = h.Momentum != 0, nesterov = h.Nesterov;
        int i = 0;
        for (; i <= param.Length - V.Count; i += V.Count)
        {
            var p = V.Load(param, i);
            var d = V.Load(grad, i);
            if (maximize) d = -d;
            if (decay) d = V.FusedMultiplyAdd(p, weightDecay, d);
            if (withMomentum)
            {
                var buf = firstStep ? d : V.FusedMultiplyAdd(d, oneMinusDampening, V.Load(momentumBuffer, i) * momentum);
                V.Store(buf, momentumBuffer, i);
                d = nesterov ? V.FusedMultiplyAdd(buf, momentum, d) : buf;
            }

            V.Store(V.FusedMultiplyAdd(d, negativeLr, p), param, i);
        }

        return i;
    }

    /// <summary>One Adam/AdamW step; <paramref name="maxExpAvgSq"/> is empty without AMSGrad.</summary>
    public static void Adam(Span<float> param, ReadOnlySpan<float> grad, Span<float> expAvg, Span<float> expAvgSq, Span<float> maxExpAvgSq, in AdamStep h)
    {
        int workers = OptimizerWorkers.Count(param.Length);
        if (workers > 1) OptimizerWorkers.Adam(param, grad, expAvg, expAvgSq, maxExpAvgSq, h, workers);
        else AdamRange(param, grad, expAvg, expAvgSq, maxExpAvgSq, h);
    }

    /// <summary>Adam/AdamW over one contiguous range of a parameter's elements, on the calling thread.</summary>
    internal static void AdamRange(Span<float> param, ReadOnlySpan<float> grad, Span<float> expAvg, Span<float> expAvgSq, Span<float> maxExpAvgSq, in AdamStep h)
    {
        int i = SimdDispatch.Width switch
        {
            SimdWidth.V512 => AdamVectors<Simd512>(param, grad, expAvg, expAvgSq, maxExpAvgSq, h),
            SimdWidth.V256 => AdamVectors<Simd256>(param, grad, expAvg, expAvgSq, maxExpAvgSq, h),
            SimdWidth.V128 => AdamVectors<Simd128>(param, grad, expAvg, expAvgSq, maxExpAvgSq, h),
            _ => 0,
        };
        bool smallWeight = Math.Abs(h.Beta1Weight) < 0.5f;
        float otherWeight = -(1 - h.Beta1Weight);
        for (; i < param.Length; i++)
        {
            float p = param[i];
            if (h.Decoupled && h.WeightDecay != 0) p *= h.DecayFactor;
            float g = h.Maximize ? -grad[i] : grad[i];
            if (!h.Decoupled && h.WeightDecay != 0) g = MathF.FusedMultiplyAdd(p, h.WeightDecay, g);
            // exp_avg.lerp_(grad, 1 - beta1), PyTorch's two-sided formula
            float m = expAvg[i], diff = g - m;
            m = smallWeight ? MathF.FusedMultiplyAdd(diff, h.Beta1Weight, m) : MathF.FusedMultiplyAdd(diff, otherWeight, g);
            expAvg[i] = m;
            // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value = 1 - beta2)
            float v = MathF.FusedMultiplyAdd(g * h.OneMinusBeta2, g, expAvgSq[i] * h.Beta2);
            expAvgSq[i] = v;
            if (h.Amsgrad) v = maxExpAvgSq[i] = MathF.Max(maxExpAvgSq[i], v);
            // denom = sqrt(v) / sqrt(bias_correction2) + eps; param.addcdiv_(exp_avg, denom, -step_size)
            float denominator = MathF.Sqrt(v) / h.BiasCorrection2Sqrt + h.Eps;
            param[i] = MathF.FusedMultiplyAdd(m / denominator, h.NegativeStepSize, p);
        }
    }

    private static int AdamVectors<V>(Span<float> param, ReadOnlySpan<float> grad, Span<float> expAvg, Span<float> expAvgSq, Span<float> maxExpAvgSq, in AdamStep h)
        where V : struct, ISimdFloat<V>
    {
        bool smallWeight = Math.Abs(h.Beta1Weight) < 0.5f;
        bool decoupledDecay = h.Decoupled && h.WeightDecay != 0, coupledDecay = !h.Decoupled && h.WeightDecay != 0, maximize = h.Maximize, amsgrad = h.Amsgrad;
        V weight = smallWeight ? h.Beta1Weight : -(1 - h.Beta1Weight);
        V decayFactor = h.DecayFactor, weightDecay = h.WeightDecay, beta2 = h.Beta2, oneMinusBeta2 = h.OneMinusBeta2;
        V biasCorrection2Sqrt = h.BiasCorrection2Sqrt, eps = h.Eps, negativeStepSize = h.NegativeStepSize;
        int i = 0;
        for (; i <= param.Length - V.Count; i += V.Count)
        {
            var p = V.Load(param, i);
            if (decoupledDecay) p *= decayFactor;
            var g = V.Load(grad, i);
            if (maximize) g = -g;
            if (coupledDecay) g = V.FusedMultiplyAdd(p, weightDecay, g);
            var m = V.Load(expAvg, i);
            var diff = g - m;
            m = V.FusedMultiplyAdd(diff, weight, smallWeight ? m : g);
            V.Store(m, expAvg, i);
            var v = V.FusedMultiplyAdd(g * oneMinusBeta2, g, V.Load(expAvgSq, i) * beta2);
            V.Store(v, expAvgSq, i);
            if (amsgrad)
            {
                v = V.Max(V.Load(maxExpAvgSq, i), v);
                V.Store(v, maxExpAvgSq, i);
            }

            var denominator = V.Sqrt(v) / biasCorrection2Sqrt + eps;
            V.Store(V.FusedMultiplyAdd(m / denominator, negativeStepSize, p), param, i);
        }

        return i;
    }
}
