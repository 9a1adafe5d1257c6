using System.Numerics.Tensors;

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

    protected override void Update(ParamGroup group, Tensor parameter, ParameterState state, Span<float> param, ReadOnlySpan<float> grad)
    {
        float lr = (float)group.Lr, momentum = (float)group["momentum"];
        float weightDecay = (float)group["weight_decay"];
        ReadOnlySpan<float> d = grad;
        if (group.Flag("maximize") || weightDecay != 0)
        {
            var g = Scratch(0, param.Length);
            if (group.Flag("maximize")) TensorPrimitives.Negate(grad, g);
            else grad.CopyTo(g);
            if (weightDecay != 0) TensorPrimitives.FusedMultiplyAdd(param, weightDecay, g, g);
            d = g;
        }
        if (momentum != 0)
        {
            Span<float> buf;
            if (!state.Has("momentum_buffer"))
            {
                buf = state.AddBuffer("momentum_buffer", parameter);
                d.CopyTo(buf);
            }
            else
            {
                buf = state.Buffer("momentum_buffer");
                TensorPrimitives.Multiply(buf, momentum, buf);
                TensorPrimitives.FusedMultiplyAdd(d, (float)(1 - group["dampening"]), buf, buf);
            }
            if (group.Flag("nesterov"))
            {
                var g = Scratch(0, param.Length);
                TensorPrimitives.FusedMultiplyAdd(buf, momentum, d, g);
                d = g;
            }
            else
            {
                d = buf;
            }
        }
        TensorPrimitives.FusedMultiplyAdd(d, -lr, param, param);
    }
}
