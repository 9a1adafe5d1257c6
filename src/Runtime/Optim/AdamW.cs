namespace GraphGen.Optim;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov &amp; Hutter) — PyTorch's <c>torch.optim.AdamW</c>: each step
/// first scales the parameter by <c>1 - lr * weight_decay</c>, then takes a plain Adam step.
/// </summary>
/// <remarks>Group keys: <c>lr, beta1, beta2, eps, weight_decay, amsgrad, maximize</c>. State: <c>exp_avg, exp_avg_sq, max_exp_avg_sq</c>.</remarks>
public sealed class AdamW : Optimizer
{
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, (double Beta1, double Beta2)? betas = null, double eps = 1e-8,
        double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : base(parameters, AdamUpdate.Defaults(lr, betas ?? (0.9, 0.999), eps, weightDecay, amsgrad, maximize))
    {
    }

    public AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, (double Beta1, double Beta2)? betas = null, double eps = 1e-8,
        double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : base(groups, AdamUpdate.Defaults(lr, betas ?? (0.9, 0.999), eps, weightDecay, amsgrad, maximize))
    {
    }

    protected override void Validate(ParamGroup group) => AdamUpdate.Validate(group);

    protected internal override bool SupportsGpu => true;

    protected internal override void UpdateGpu(ParamGroup group, Tensor parameter, ParameterState state, Tensor grad)
        => AdamUpdate.UpdateGpu(group, parameter, state, grad, decoupled: true);

    protected override void Update(ParamGroup group, Tensor parameter, ParameterState state, Span<float> param, ReadOnlySpan<float> grad)
        => AdamUpdate.Update(group, parameter, state, param, grad, decoupled: true);
}
