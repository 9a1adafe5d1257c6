using GraphGen.Kernels.Cpu;

namespace GraphGen.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, L2 weight decay and
/// maximization — PyTorch's <c>torch.optim.SGD</c>, same update order and the same first momentum step
/// (the buffer starts as the gradient, undamped).
/// </summary>
/// <remarks>Group keys: <c>lr, momentum, dampening, weight_decay, nesterov, maximize</c>. State: <c>momentum_buffer</c>.</remarks>
public sealed class SGD : Optimizer
{
    public SGD(IEnumerable<Tensor> parameters, double lr = 1e-3, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false, bool maximize = false)
        : base(parameters, MakeDefaults(lr, momentum, dampening, weightDecay, nesterov, maximize))
    {
    }

    public SGD(IEnumerable<ParamGroup> groups, double lr = 1e-3, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false, bool maximize = false)
        : base(groups, MakeDefaults(lr, momentum, dampening, weightDecay, nesterov, maximize))
    {
    }

    private static Dictionary<string, double> MakeDefaults(double lr, double momentum, double dampening, double weightDecay, bool nesterov, bool maximize) => new()
    {
        ["lr"] = lr, ["momentum"] = momentum, ["dampening"] = dampening, ["weight_decay"] = weightDecay,
        ["nesterov"] = OptimizerChecks.Bool(nesterov), ["maximize"] = OptimizerChecks.Bool(maximize),
    };

    protected override void Validate(ParamGroup group)
    {
        OptimizerChecks.NonNegative(group, "lr", "learning rate");
        OptimizerChecks.NonNegative(group, "momentum", "momentum value");
        OptimizerChecks.NonNegative(group, "weight_decay", "weight_decay value");
        OptimizerChecks.Flag(group, "nesterov");
        OptimizerChecks.Flag(group, "maximize");
        if (group.Flag("nesterov") && (group["momentum"] <= 0 || group["dampening"] != 0))
            throw new ArgumentException($"Nesterov momentum requires a momentum and zero dampening (got momentum={group["momentum"]}, dampening={group["dampening"]}).");
    }

    protected internal override bool SupportsGpu => true;

    protected internal override void UpdateGpu(ParamGroup group, Tensor parameter, ParameterState state, Tensor grad)
    {
        float momentum = (float)group["momentum"];
        bool first = momentum != 0 && !state.Has("momentum_buffer");
        var buffer = momentum != 0 ? state.DeviceBuffer("momentum_buffer", parameter) : null;
        Kernels.Gpu.GpuTensorOps.SgdStep(parameter, grad, buffer, new Kernels.Gpu.SgdArgs
        {
            Lr = (float)group.Lr, Momentum = momentum, Dampening = (float)group["dampening"], WeightDecay = (float)group["weight_decay"],
            Nesterov = group.Flag("nesterov") ? 1 : 0, Maximize = group.Flag("maximize") ? 1 : 0, FirstStep = first ? 1 : 0,
        });
    }

    /// <summary>The hyper-parameters of the group whose parameters are being updated, read once per group and step.</summary>
    private SgdStep _step;

    protected override void BeginGroup(ParamGroup group) => _step = new SgdStep((float)group.Lr, (float)group["momentum"],
        (float)(1 - group["dampening"]), (float)group["weight_decay"], group.Flag("nesterov"), group.Flag("maximize"));

    protected override void Update(ParamGroup group, Tensor parameter, ParameterState state, Span<float> param, ReadOnlySpan<float> grad)
    {
        Span<float> buffer = default;
        bool first = false;
        if (_step.Momentum != 0)
        {
            first = !state.Has("momentum_buffer");
            buffer = first ? state.AddBuffer("momentum_buffer", parameter) : state.Buffer("momentum_buffer");
        }

        OptimizerKernels.Sgd(param, grad, buffer, _step, first);
    }
}
