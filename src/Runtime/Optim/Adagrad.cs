using System.Numerics.Tensors;
using GraphGen.Kernels.Cpu;

namespace GraphGen.Optim;

/// <summary>
/// Adagrad (Duchi et al.) with learning-rate decay, an initial accumulator value, L2 weight decay and
/// maximization — PyTorch's <c>torch.optim.Adagrad</c>: <c>clr = lr / (1 + (t-1)·lr_decay)</c>,
/// <c>sum += g²</c>, step <c>clr·g / (sqrt(sum) + eps)</c>.
/// </summary>
/// <remarks>Group keys: <c>lr, lr_decay, weight_decay, initial_accumulator_value, eps, maximize</c>. State: <c>sum</c>.</remarks>
public sealed class Adagrad : Optimizer
{
    public Adagrad(IEnumerable<Tensor> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
        double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : base(parameters, MakeDefaults(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize))
    {
    }

    public Adagrad(IEnumerable<ParamGroup> groups, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
        double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : base(groups, MakeDefaults(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize))
    {
    }

    private static Dictionary<string, double> MakeDefaults(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps, bool maximize) => new()
    {
        ["lr"] = lr, ["lr_decay"] = lrDecay, ["weight_decay"] = weightDecay,
        ["initial_accumulator_value"] = initialAccumulatorValue, ["eps"] = eps, ["maximize"] = OptimizerChecks.Bool(maximize),
    };

    protected override void Validate(ParamGroup group)
    {
        OptimizerChecks.NonNegative(group, "lr", "learning rate");
        OptimizerChecks.NonNegative(group, "lr_decay", "lr_decay value");
        OptimizerChecks.NonNegative(group, "weight_decay", "weight_decay value");
        OptimizerChecks.NonNegative(group, "initial_accumulator_value", "initial_accumulator_value value");
        OptimizerChecks.NonNegative(group, "eps", "epsilon value");
        OptimizerChecks.Flag(group, "maximize");
    }

    protected internal override bool SupportsGpu => true;

    protected internal override void UpdateGpu(ParamGroup group, Tensor parameter, ParameterState state, Tensor grad)
    {
        var sum = state.DeviceBuffer("sum", parameter, (float)group["initial_accumulator_value"]);
        Kernels.Gpu.GpuTensorOps.AdagradStep(parameter, grad, sum, new Kernels.Gpu.AdagradArgs
        {
            ClippedLr = (float)(group.Lr / (1 + (state.Step - 1) * group["lr_decay"])), Eps = (float)group["eps"],
            WeightDecay = (float)group["weight_decay"], Maximize = group.Flag("maximize") ? 1 : 0,
        });
    }

    protected override void Update(ParamGroup group, Tensor parameter, ParameterState state, Span<float> param, ReadOnlySpan<float> grad)
    {
        double weightDecay = group["weight_decay"];
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
        // PyTorch fills the accumulator when the optimizer is built; creating it lazily at the first step is equivalent.
        var sum = state.Has("sum") ? state.Buffer("sum") : state.AddBuffer("sum", parameter, (float)group["initial_accumulator_value"]);
        double clr = group.Lr / (1 + (state.Step - 1) * group["lr_decay"]);

        var std = Scratch(1, n);
        PointwiseKernels.AddCMul(sum, g, g, 1f, std);
        TensorPrimitives.Sqrt(sum, std);
        TensorPrimitives.Add(std, (float)group["eps"], std);
        // slot 0 is free (or holds g, read for the last time)
        PointwiseKernels.AddCDiv(param, g, std, (float)-clr, Scratch(0, n));
    }
}
