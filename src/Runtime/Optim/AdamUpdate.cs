using GraphGen.Kernels.Cpu;

namespace GraphGen.Optim;

/// <summary>The Adam update (state, validation and the step on float spans) shared by <see cref="Adam"/> and <see cref="AdamW"/> (PyTorch's <c>_single_tensor_adam</c>).</summary>
internal static class AdamUpdate
{
    public static Dictionary<string, double> Defaults(double lr, (double, double) betas, double eps, double weightDecay, bool amsgrad, bool maximize) => new()
    {
        ["lr"] = lr, ["beta1"] = betas.Item1, ["beta2"] = betas.Item2, ["eps"] = eps, ["weight_decay"] = weightDecay,
        ["amsgrad"] = OptimizerChecks.Bool(amsgrad), ["maximize"] = OptimizerChecks.Bool(maximize),
    };

    public static void Validate(ParamGroup group)
    {
        OptimizerChecks.NonNegative(group, "lr", "learning rate");
        OptimizerChecks.NonNegative(group, "eps", "epsilon value");
        double b1 = group["beta1"], b2 = group["beta2"];
        if (!(b1 >= 0 && b1 < 1)) throw new ArgumentOutOfRangeException("beta1", b1, $"Invalid beta parameter at index 0: {b1} (betas must be in [0, 1)).");
        if (!(b2 >= 0 && b2 < 1)) throw new ArgumentOutOfRangeException("beta2", b2, $"Invalid beta parameter at index 1: {b2} (betas must be in [0, 1)).");
        OptimizerChecks.NonNegative(group, "weight_decay", "weight_decay value");
        OptimizerChecks.Flag(group, "amsgrad");
        OptimizerChecks.Flag(group, "maximize");
    }

    /// <summary>The same update on a CUDA device: one kernel over the parameter, state buffers on the device.</summary>
    public static void UpdateGpu(ParamGroup group, Tensor parameter, ParameterState state, Tensor grad, bool decoupled)
    {
        double lr = group.Lr, beta1 = group["beta1"], beta2 = group["beta2"], weightDecay = group["weight_decay"];
        bool amsgrad = group.Flag("amsgrad");
        var expAvg = state.DeviceBuffer("exp_avg", parameter);
        var expAvgSq = state.DeviceBuffer("exp_avg_sq", parameter);
        var maxSq = amsgrad ? state.DeviceBuffer("max_exp_avg_sq", parameter) : null;
        double step = state.Step;
        Kernels.Gpu.GpuTensorOps.AdamStep(parameter, grad, expAvg, expAvgSq, maxSq, new Kernels.Gpu.AdamArgs
        {
            Beta1 = (float)beta1, Beta2 = (float)beta2, Eps = (float)group["eps"], WeightDecay = (float)weightDecay,
            StepSize = (float)(lr / (1 - Math.Pow(beta1, step))),
            BiasCorrection2Sqrt = (float)Math.Sqrt(1 - Math.Pow(beta2, step)),
            DecoupledDecay = (float)(1 - lr * weightDecay),
            Amsgrad = amsgrad ? 1 : 0, Maximize = group.Flag("maximize") ? 1 : 0, Decoupled = decoupled ? 1 : 0,
        });
    }

    /// <summary>One fused pass over the parameter (<see cref="OptimizerKernels.Adam"/>); the state buffers are created on the first step.</summary>
    /// <param name="decoupled">AdamW: decay the weights by lr·wd before the step instead of adding wd·p to the gradient.</param>
    public static void Update(ParamGroup group, Tensor parameter, ParameterState state, Span<float> param, ReadOnlySpan<float> grad, bool decoupled)
    {
        double lr = group.Lr, beta1 = group["beta1"], beta2 = group["beta2"], weightDecay = group["weight_decay"];
        bool amsgrad = group.Flag("amsgrad");
        var expAvg = state.Has("exp_avg") ? state.Buffer("exp_avg") : state.AddBuffer("exp_avg", parameter);
        var expAvgSq = state.Has("exp_avg_sq") ? state.Buffer("exp_avg_sq") : state.AddBuffer("exp_avg_sq", parameter);
        var maxSq = !amsgrad ? default : state.Has("max_exp_avg_sq") ? state.Buffer("max_exp_avg_sq") : state.AddBuffer("max_exp_avg_sq", parameter);
        double step = state.Step;
        double stepSize = lr / (1 - Math.Pow(beta1, step));
        OptimizerKernels.Adam(param, grad, expAvg, expAvgSq, maxSq, new AdamStep(
            Beta1Weight: (float)(1 - beta1), Beta2: (float)beta2, OneMinusBeta2: (float)(1 - beta2), WeightDecay: (float)weightDecay,
            DecayFactor: (float)(1 - lr * weightDecay), BiasCorrection2Sqrt: (float)Math.Sqrt(1 - Math.Pow(beta2, step)),
            Eps: (float)group["eps"], NegativeStepSize: (float)-stepSize, Decoupled: decoupled, Amsgrad: amsgrad, Maximize: group.Flag("maximize")));
    }
}
