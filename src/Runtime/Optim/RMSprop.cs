using System.Numerics.Tensors;
using GraphGen.Kernels.Cpu;

namespace GraphGen.Optim;

/// <summary>
/// RMSprop (Hinton) with optional momentum, centering, L2 weight decay and maximization — PyTorch's
/// <c>torch.optim.RMSprop</c>: <c>v = alpha·v + (1-alpha)·g²</c>, step <c>lr·g / (sqrt(v - ḡ²) + eps)</c>.
/// </summary>
/// <remarks>Group keys: <c>lr, alpha, eps, weight_decay, momentum, centered, maximize</c>. State: <c>square_avg, momentum_buffer, grad_avg</c>.</remarks>
public sealed class RMSprop : Optimizer
{
    public RMSprop(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
        double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : base(parameters, MakeDefaults(lr, alpha, eps, weightDecay, momentum, centered, maximize))
    {
    }

    public RMSprop(IEnumerable<ParamGroup> groups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
        double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : base(groups, MakeDefaults(lr, alpha, eps, weightDecay, momentum, centered, maximize))
    {
    }

    private static Dictionary<string, double> MakeDefaults(double lr, double alpha, double eps, double weightDecay, double momentum, bool centered, bool maximize) => new()
    {
        ["lr"] = lr, ["alpha"] = alpha, ["eps"] = eps, ["weight_decay"] = weightDecay, ["momentum"] = momentum,
        ["centered"] = OptimizerChecks.Bool(centered), ["maximize"] = OptimizerChecks.Bool(maximize),
    };

    protected override void Validate(ParamGroup group)
    {
        OptimizerChecks.NonNegative(group, "lr", "learning rate");
        OptimizerChecks.NonNegative(group, "eps", "epsilon value");
        OptimizerChecks.NonNegative(group, "momentum", "momentum value");
        OptimizerChecks.NonNegative(group, "weight_decay", "weight_decay value");
        OptimizerChecks.NonNegative(group, "alpha", "alpha value");
        OptimizerChecks.Flag(group, "centered");
        OptimizerChecks.Flag(group, "maximize");
    }

    protected internal override bool SupportsGpu => true;

    protected internal override void UpdateGpu(ParamGroup group, Tensor parameter, ParameterState state, Tensor grad)
    {
        double momentum = group["momentum"];
        bool centered = group.Flag("centered");
        Kernels.Gpu.GpuTensorOps.RmspropStep(parameter, grad, state.DeviceBuffer("square_avg", parameter),
            centered ? state.DeviceBuffer("grad_avg", parameter) : null, momentum > 0 ? state.DeviceBuffer("momentum_buffer", parameter) : null,
            new Kernels.Gpu.RmspropArgs
            {
                Lr = (float)group.Lr, Alpha = (float)group["alpha"], Eps = (float)group["eps"], WeightDecay = (float)group["weight_decay"],
                Momentum = (float)momentum, Centered = centered ? 1 : 0, Maximize = group.Flag("maximize") ? 1 : 0,
            });
    }

    protected override void Update(ParamGroup group, Tensor parameter, ParameterState state, Span<float> param, ReadOnlySpan<float> grad)
    {
        double alpha = group["alpha"], momentum = group["momentum"], weightDecay = group["weight_decay"];
        int n = param.Length;
        ReadOnlySpan<float> g = grad;
        bool maximize = group.Flag("maximize");
        if (maximize || weightDecay != 0)
        {
            var work = Scratch(0, n);
            if (maximize) TensorPrimitives.Negate(grad, work);
            else grad.CopyTo(work);
            if (weightDecay != 0) TensorPrimitives.FusedMultiplyAdd(param, (float)weightDecay, work, work);
            g = work;
        }
        var squareAvg = state.Has("square_avg") ? state.Buffer("square_avg") : state.AddBuffer("square_avg", parameter);
        var avg = Scratch(1, n);

        // square_avg.mul_(alpha).addcmul_(grad, grad, value = 1 - alpha)
        TensorPrimitives.Multiply(squareAvg, (float)alpha, squareAvg);
        PointwiseKernels.AddCMul(squareAvg, g, g, (float)(1 - alpha), avg);

        if (group.Flag("centered"))
        {
            var gradAvg = state.Has("grad_avg") ? state.Buffer("grad_avg") : state.AddBuffer("grad_avg", parameter);
            PointwiseKernels.Lerp(gradAvg, g, (float)(1 - alpha), avg);
            // avg = sqrt(square_avg - grad_avg²)
            TensorPrimitives.Multiply(gradAvg, gradAvg, avg);
            TensorPrimitives.Subtract(squareAvg, avg, avg);
            TensorPrimitives.Sqrt(avg, avg);
        }
        else
        {
            TensorPrimitives.Sqrt(squareAvg, avg);
        }
        TensorPrimitives.Add(avg, (float)group["eps"], avg);

        if (momentum > 0)
        {
            // buf.mul_(momentum).addcdiv_(grad, avg); param.add_(buf, alpha = -lr)
            var buf = state.Has("momentum_buffer") ? state.Buffer("momentum_buffer") : state.AddBuffer("momentum_buffer", parameter);
            TensorPrimitives.Divide(g, avg, avg);
            TensorPrimitives.Multiply(buf, (float)momentum, buf);
            TensorPrimitives.Add(buf, avg, buf);
            TensorPrimitives.FusedMultiplyAdd(buf, (float)-group.Lr, param, param);
        }
        else
        {
            // param.addcdiv_(grad, avg, value = -lr); slot 0 is free (or holds g, read for the last time)
            PointwiseKernels.AddCDiv(param, g, avg, (float)-group.Lr, Scratch(0, n));
        }
    }
}
