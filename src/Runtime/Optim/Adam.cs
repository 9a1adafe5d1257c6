namespace GraphGen.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba) with optional AMSGrad, L2 weight decay added to the gradient, and maximization —
/// PyTorch's <c>torch.optim.Adam</c>: bias corrections <c>1 - beta^t</c> with t counting from 1.
/// </summary>
/// <remarks>Group keys: <c>lr, beta1, beta2, eps, weight_decay, amsgrad, maximize</c>. State: <c>exp_avg, exp_avg_sq, max_exp_avg_sq</c>.</remarks>
public sealed class Adam : Optimizer
{
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, (double Beta1, double Beta2)? betas = null, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : base(parameters, AdamUpdate.Defaults(lr, betas ?? (0.9, 0.999), eps, weightDecay, amsgrad, maximize))
    {
    }

    public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, (double Beta1, double Beta2)? betas = null, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : base(groups, AdamUpdate.Defaults(lr, betas ?? (0.9, 0.999), eps, weightDecay, amsgrad, maximize))
    {
    }

    protected override void Validate(ParamGroup group) => AdamUpdate.Validate(group);

    protected internal override bool SupportsGpu => true;

    protected internal override void UpdateGpu(ParamGroup group, Tensor parameter, ParameterState state, Tensor grad)
        => AdamUpdate.UpdateGpu(group, parameter, state, grad, decoupled: false);

    protected override void Update(ParamGroup group, Tensor parameter, ParameterState state, Span<float> param, ReadOnlySpan<float> grad)
        => AdamUpdate.Update(group, parameter, state, param, grad, decoupled: false);
}
