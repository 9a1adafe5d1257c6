using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Gpu.Tests;

/// <summary>Cross entropy, MSE, Linear and the SGD/Adam updates on the (emulated) CUDA device against the CPU backend, forward and gradients.</summary>
public class LossAndOptimizerTests
{
    private static readonly Device Cuda = GpuTestSetup.Cuda;

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void CrossEntropyForwardAndBackward(Reduction reduction)
    {
        var logits = Tensor.Randn([6, 4], new RandomGenerator(9)) * 3.0;
        var target = Tensor.From([0L, 3, 2, -100, 1, 3]);
        var x = logits.Clone().RequiresGrad_();
        var gx = logits.To(Cuda).RequiresGrad_();
        var loss = F.CrossEntropy(x, target, reduction: reduction);
        var gloss = F.CrossEntropy(gx, target.To(Cuda), reduction: reduction);
        Close.Assert(loss, gloss, what: "loss");
        (reduction == Reduction.None ? loss.Sum() : loss).Backward();
        (reduction == Reduction.None ? gloss.Sum() : gloss).Backward();
        Close.Assert(x.Grad!, gx.Grad!, atol: 1e-6, what: "dlogits");
    }

    [Fact]
    public void CrossEntropyRejectsOutOfRangeTargets()
    {
        var logits = Tensor.Zeros([2, 3], device: Cuda);
        var e = Assert.Throws<ArgumentException>(() => F.CrossEntropy(logits, Tensor.From([0L, 3]).To(Cuda)));
        Assert.Contains("Target 3 is out of bounds for 3 classes", e.Message);
    }

    [Fact]
    public void MseLossAndLinearGradients()
    {
        var gen = new RandomGenerator(10);
        var x = Tensor.Randn([5, 3], gen);
        var w = Tensor.Randn([4, 3], gen);
        var b = Tensor.Randn([4], gen);
        var y = Tensor.Randn([5, 4], gen);
        Tensor[] cpu = [x.Clone().RequiresGrad_(), w.Clone().RequiresGrad_(), b.Clone().RequiresGrad_()];
        Tensor[] gpu = [x.To(Cuda).RequiresGrad_(), w.To(Cuda).RequiresGrad_(), b.To(Cuda).RequiresGrad_()];
        var lc = F.MseLoss(F.Linear(cpu[0], cpu[1], cpu[2]), y);
        var lg = F.MseLoss(F.Linear(gpu[0], gpu[1], gpu[2]), y.To(Cuda));
        Assert.Equal("AddmmBackward0", F.Linear(gpu[0], gpu[1], gpu[2]).GradFn!.Name);
        Close.Assert(lc, lg, what: "mse");
        lc.Backward();
        lg.Backward();
        for (int i = 0; i < 3; i++) Close.Assert(cpu[i].Grad!, gpu[i].Grad!, what: $"grad {i}");
    }

    public static TheoryData<string> Optimizers => new()
    {
        "sgd", "sgd-momentum", "sgd-nesterov-wd", "adam", "adam-amsgrad-wd", "adamw",
        "rmsprop", "rmsprop-centered-momentum-wd-maximize", "adagrad", "adagrad-decay-initial-wd",
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void OptimizerUpdatesMatchTheCpuOverThreeSteps(string kind)
    {
        var gen = new RandomGenerator(11);
        var start = Tensor.Randn([3, 5], gen);
        var grads = Enumerable.Range(0, 3).Select(_ => Tensor.Randn([3, 5], gen)).ToArray();
        var p = start.Clone().RequiresGrad_();
        var gp = start.To(Cuda).RequiresGrad_();
        Optimizer Make(Tensor t) => kind switch
        {
            "sgd" => new SGD([t], lr: 0.1),
            "sgd-momentum" => new SGD([t], lr: 0.1, momentum: 0.9, dampening: 0.1),
            "sgd-nesterov-wd" => new SGD([t], lr: 0.05, momentum: 0.8, weightDecay: 0.01, nesterov: true),
            "adam" => new Adam([t], lr: 0.01),
            "adam-amsgrad-wd" => new Adam([t], lr: 0.01, weightDecay: 0.1, amsgrad: true),
            "adamw" => new AdamW([t], lr: 0.01, weightDecay: 0.1),
            "rmsprop" => new RMSprop([t], lr: 0.01),
            "rmsprop-centered-momentum-wd-maximize" => new RMSprop([t], lr: 0.01, alpha: 0.9, weightDecay: 0.05, momentum: 0.7, centered: true, maximize: true),
            "adagrad" => new Adagrad([t], lr: 0.1),
            _ => new Adagrad([t], lr: 0.1, lrDecay: 0.5, weightDecay: 0.02, initialAccumulatorValue: 0.3, eps: 1e-6),
        };
        var (opt, gopt) = (Make(p), Make(gp));
        foreach (var g in grads)
        {
            p.Grad = g.Clone();
            gp.Grad = g.To(Cuda);
            opt.Step();
            gopt.Step();
            Close.Assert(p.Detach(), gp.Detach(), atol: 1e-6, rtol: 1e-5, what: kind);
        }
        var state = gopt.GetState(gp)!;
        if (kind != "sgd") Assert.NotEmpty(state.Buffers);
        Assert.All(state.Buffers.Values, b => Assert.Equal(Cuda, b.Device));
        // The state matches the CPU optimizer's, buffer by buffer.
        foreach (var (name, buffer) in opt.GetState(p)!.Buffers)
            Close.Assert(buffer, state.Buffers[name], atol: 1e-6, rtol: 1e-5, what: $"{kind} {name}");
    }

    [Fact]
    public void OptimizerStateSavedOnTheCpuResumesOnTheDevice()
    {
        var gen = new RandomGenerator(12);
        var start = Tensor.Randn([4], gen);
        var grads = Enumerable.Range(0, 4).Select(_ => Tensor.Randn([4], gen)).ToArray();
        var p = start.Clone().RequiresGrad_();
        var opt = new Adam([p], lr: 0.05);
        for (int i = 0; i < 2; i++)
        {
            p.Grad = grads[i].Clone();
            opt.Step();
        }
        // Resume on the device from the CPU run's parameter and optimizer state, then take the same two steps on both.
        var gp = p.Detach().To(Cuda).RequiresGrad_();
        var gopt = new Adam([gp], lr: 0.05);
        gopt.LoadStateDict(opt.StateDict());
        Assert.All(gopt.GetState(gp)!.Buffers.Values, b => Assert.Equal(Cuda, b.Device));
        for (int i = 2; i < 4; i++)
        {
            using var scope = GpuRuntime.Scope(); // restored state must outlive step scopes
            p.Grad = grads[i].Clone();
            gp.Grad = grads[i].To(Cuda);
            opt.Step();
            gopt.Step();
        }
        Close.Assert(p.Detach(), gp.Detach(), atol: 1e-6, rtol: 1e-5, what: "resumed adam");
    }

    /// <summary>An optimizer that implements only the CPU update, as a user's own subclass might.</summary>
    private sealed class CpuOnlyOptimizer(IEnumerable<Tensor> parameters) : Optimizer(parameters, new Dictionary<string, double> { ["lr"] = 0.1 })
    {
        protected override void Validate(ParamGroup group)
        {
        }

        protected override void Update(ParamGroup group, Tensor parameter, ParameterState state, Span<float> param, ReadOnlySpan<float> grad)
        {
        }
    }

    [Fact]
    public void OptimizersWithoutAGpuUpdateRejectCudaParameters()
    {
        var e = Assert.Throws<ArgumentException>(() => new CpuOnlyOptimizer([Tensor.Zeros([2], device: Cuda).RequiresGrad_()]));
        Assert.Contains("CPU leaf tensor", e.Message);
        Assert.Contains("cuda:0", e.Message);
    }
}
