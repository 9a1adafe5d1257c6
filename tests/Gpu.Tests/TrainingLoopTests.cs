using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Gpu.Tests;

/// <summary>
/// The eager training loop of the seed — Linear-ReLU-Linear, cross entropy, SGD — on the (emulated) CUDA
/// device, step by step against the same loop on the CPU, and with device memory that stays flat.
/// </summary>
public class TrainingLoopTests
{
    private static readonly Device Cuda = GpuTestSetup.Cuda;

    private static Sequential Model(long seed)
    {
        var g = new RandomGenerator(seed);
        return new Sequential(new Linear(4, 8, generator: g), new ReLU(), new Linear(8, 3, generator: g));
    }

    private static (Tensor X, Tensor Y) Batch()
    {
        var g = new RandomGenerator(12);
        return (Tensor.Randn([16, 4], g), Tensor.From(Enumerable.Range(0, 16).Select(i => (long)(i % 3)).ToArray()));
    }

    [Fact]
    public void TrainingOnTheDeviceMatchesTheCpuStepByStep()
    {
        var cpuModel = Model(13);
        var gpuModel = Model(13);
        gpuModel.To(Cuda);
        Assert.All(gpuModel.Parameters(), p => Assert.Equal(Cuda, p.Device));
        var cpuOpt = new SGD(cpuModel.Parameters(), lr: 0.2, momentum: 0.5);
        var gpuOpt = new SGD(gpuModel.Parameters(), lr: 0.2, momentum: 0.5);
        var (x, y) = Batch();
        var (gx, gy) = (x.To(Cuda), y.To(Cuda));
        float first = 0, last = 0;
        for (int step = 0; step < 10; step++)
        {
            using var scope = GpuRuntime.Scope();
            var loss = F.CrossEntropy(cpuModel.Call(x), y);
            var gloss = F.CrossEntropy(gpuModel.Call(gx), gy);
            Assert.Equal(Cuda, gloss.Device);
            float l = loss.Item<float>(), gl = gloss.Item<float>();
            Assert.True(Math.Abs(l - gl) <= 1e-5 + 1e-4 * Math.Abs(l), $"step {step}: CPU loss {l}, GPU loss {gl}");
            cpuOpt.ZeroGrad();
            gpuOpt.ZeroGrad();
            loss.Backward();
            gloss.Backward();
            cpuOpt.Step();
            gpuOpt.Step();
            if (step == 0) first = gl;
            last = gl;
        }
        Assert.True(last < first, $"the loss should fall: {first} -> {last}");
        foreach (var ((name, cp), (_, gp)) in cpuModel.NamedParameters().Zip(gpuModel.NamedParameters()))
            Close.Assert(cp.Detach(), gp.Detach(), atol: 1e-5, rtol: 1e-4, what: name);
    }

    public static TheoryData<string> Recipes => new() { "gelu-rmsprop-smoothing-clip", "elu-adagrad-weighted-nll", "tanh-adamw-bce-logits" };

    /// <summary>
    /// The loops a Trainer-style program writes — other activations, losses, optimizers and gradient clipping, with
    /// accuracy counted on the device — match the CPU step by step.
    /// </summary>
    [Theory]
    [MemberData(nameof(Recipes))]
    public void OtherTrainingRecipesMatchTheCpuStepByStep(string recipe)
    {
        Sequential Net()
        {
            var g = new RandomGenerator(31);
            Module activation = recipe.StartsWith("gelu") ? new GELU() : recipe.StartsWith("elu") ? new ELU(0.8) : new Tanh();
            return new Sequential(new Linear(4, 8, generator: g), activation, new Dropout(0.3), new Linear(8, 3, generator: g));
        }
        Optimizer Make(IEnumerable<Tensor> p) => recipe switch
        {
            "gelu-rmsprop-smoothing-clip" => new RMSprop(p, lr: 0.01, momentum: 0.5, centered: true),
            "elu-adagrad-weighted-nll" => new Adagrad(p, lr: 0.1, lrDecay: 0.01),
            _ => new AdamW(p, lr: 0.02, weightDecay: 0.05),
        };
        Tensor Loss(Tensor logits, Tensor y, Device d) => recipe switch
        {
            "gelu-rmsprop-smoothing-clip" => F.CrossEntropy(logits, y, labelSmoothing: 0.1),
            "elu-adagrad-weighted-nll" => F.NllLoss(logits.LogSoftmax(1), y, Tensor.From([1f, 2f, 0.5f]).To(d)),
            _ => F.BinaryCrossEntropyWithLogits(logits, F.Softmax(Tensor.Zeros([16, 3], device: d) + y.Unsqueeze(1).Eq(Tensor.Arange(3).To(d)).To(DType.Float32) * 5.0, 1)),
        };
        var (cpuNet, gpuNet) = (Net(), Net());
        gpuNet.To(Cuda);
        cpuNet.Eval(); // dropout draws differ between devices: compare in eval mode, where it is the identity
        gpuNet.Eval();
        var (cpuOpt, gpuOpt) = (Make(cpuNet.Parameters()), Make(gpuNet.Parameters()));
        var (x, y) = Batch();
        var (gx, gy) = (x.To(Cuda), y.To(Cuda));
        for (int step = 0; step < 4; step++)
        {
            using var scope = GpuRuntime.Scope();
            var (logits, glogits) = (cpuNet.Call(x), gpuNet.Call(gx));
            var (loss, gloss) = (Loss(logits, y, Device.Cpu), Loss(glogits, gy, Cuda));
            Close.Assert(loss, gloss, atol: 1e-5, rtol: 1e-4, what: $"{recipe} loss, step {step}");
            loss.Backward();
            gloss.Backward();
            if (recipe.EndsWith("clip"))
                Close.Assert(GradClipping.ClipGradNorm_(cpuNet.Parameters(), 0.5), GradClipping.ClipGradNorm_(gpuNet.Parameters(), 0.5), atol: 1e-5, rtol: 1e-4, what: "norm");
            cpuOpt.Step();
            gpuOpt.Step();
            cpuOpt.ZeroGrad();
            gpuOpt.ZeroGrad();
            long correct;
            using (Autograd.NoGrad()) correct = glogits.ArgMax(1).Eq(gy).Sum().Item<long>();
            Assert.Equal(logits.ArgMax(1).Eq(y).Sum().Item<long>(), correct);
        }
        foreach (var ((name, cp), (_, gp)) in cpuNet.NamedParameters().Zip(gpuNet.NamedParameters()))
            Close.Assert(cp.Detach(), gp.Detach(), atol: 1e-5, rtol: 1e-4, what: $"{recipe} {name}");
    }

    [Fact]
    public void ACpuCheckpointLoadsIntoADeviceModel()
    {
        var source = Model(41);
        var target = Model(42);
        target.To(Cuda);
        target.LoadStateDict(source.StateDict());
        Assert.All(target.Parameters(), p => Assert.Equal(Cuda, p.Device));
        foreach (var ((name, cp), (_, gp)) in source.NamedParameters().Zip(target.NamedParameters()))
            Close.Assert(cp.Detach(), gp.Detach(), atol: 0, rtol: 0, what: name);
        // Copy_ across devices is differentiable, as in PyTorch.
        var host = Tensor.From([1f, 2f]).RequiresGrad_();
        var device = Tensor.Zeros([2], device: Cuda) * 1.0;
        device.Copy_(host * 3.0);
        (device * device).Sum().Backward();
        Assert.Equal(new[] { 18f, 36f }, host.Grad!.ToArray<float>());
        Assert.Equal(Device.Cpu, host.Grad!.Device);
    }

    [Fact]
    public void DeviceMemoryStaysFlatOverAHundredSteps()
    {
        // Earlier tests' unscoped tensors would otherwise come back through finalizers in the middle of the loop.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long baseline = GpuRuntime.MemoryStats(Cuda).BytesInUse;
        var model = Model(14);
        model.To(Cuda);
        var opt = new SGD(model.Parameters(), lr: 0.1, momentum: 0.9);
        var (x, y) = Batch();
        var (gx, gy) = (x.To(Cuda), y.To(Cuda));
        GpuMemoryStats afterWarmUp = default;
        for (int step = 0; step < 100; step++)
        {
            using (GpuRuntime.Scope())
            {
                var loss = F.CrossEntropy(model.Call(gx), gy);
                opt.ZeroGrad();
                loss.Backward();
                opt.Step();
            }
            var stats = GpuRuntime.MemoryStats(Cuda);
            if (step == 1) afterWarmUp = stats;
            if (step > 1)
            {
                Assert.Equal(afterWarmUp.BytesAllocated, stats.BytesAllocated);
                Assert.Equal(afterWarmUp.BytesInUse, stats.BytesInUse);
            }
        }
        // In use after a step: parameters, their gradients, momentum buffers and the batch — nothing from the step itself.
        var persistent = model.Parameters().Sum(p => 3L * p.NumEl * sizeof(float)) + gx.NumEl * sizeof(float) + gy.NumEl * sizeof(long);
        Assert.True(afterWarmUp.BytesInUse - baseline <= persistent + 64, $"{afterWarmUp.BytesInUse - baseline} bytes in use after a step; parameters, gradients, state and data need {persistent}");
    }

    [Fact]
    public void DeviceMemoryStaysFlatWithDropoutGeluLabelSmoothingRmspropAndClipping()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var g = new RandomGenerator(15);
        var model = new Sequential(new Linear(4, 8, generator: g), new GELU(), new Dropout(0.2, g), new Linear(8, 3, generator: g));
        model.To(Cuda);
        var opt = new RMSprop(model.Parameters(), lr: 0.01, momentum: 0.9, centered: true);
        var (x, y) = Batch();
        var (gx, gy) = (x.To(Cuda), y.To(Cuda));
        GpuMemoryStats afterWarmUp = default;
        for (int step = 0; step < 10; step++)
        {
            using (GpuRuntime.Scope())
            {
                var loss = F.CrossEntropy(model.Call(gx), gy, labelSmoothing: 0.1);
                opt.ZeroGrad();
                loss.Backward();
                GradClipping.ClipGradNorm_(model.Parameters(), 1.0);
                opt.Step();
            }
            var stats = GpuRuntime.MemoryStats(Cuda);
            if (step == 1) afterWarmUp = stats;
            if (step > 1)
            {
                Assert.Equal(afterWarmUp.BytesAllocated, stats.BytesAllocated);
                Assert.Equal(afterWarmUp.BytesInUse, stats.BytesInUse);
            }
        }
    }

    [Fact]
    public void AScopeReleasesItsTensorsAndKeepHoldsOne()
    {
        Tensor inside, kept;
        // Tensors made outside any scope by earlier tests are released by the GC; release them now, not mid-test.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GpuRuntime.MemoryStats(Cuda).BuffersInUse;
        using (var scope = GpuRuntime.Scope())
        {
            inside = Tensor.Ones([4], device: Cuda) * 2.0;
            kept = scope.Keep(Tensor.Ones([4], device: Cuda) + 1.0);
            Assert.True(scope.Count >= 2);
        }
        Assert.Equal([2f, 2f, 2f, 2f], kept.ToArray<float>());
        var e = Assert.Throws<InvalidOperationException>(() => inside.ToArray<float>());
        Assert.Contains("has been released", e.Message);
        Assert.Contains("Keep", e.Message);
        Assert.Equal(before + 1, GpuRuntime.MemoryStats(Cuda).BuffersInUse);
    }

    [Fact]
    public void ZeroGradReleasesGradientMemoryAtOnce()
    {
        var w = Tensor.Ones([64], device: Cuda).RequiresGrad_();
        using (GpuRuntime.Scope()) (w * 3.0).Sum().Backward();
        Assert.Equal(Enumerable.Repeat(3f, 64), w.Grad!.ToArray<float>()); // the gradient outlived the scope
        var grad = w.Grad!;
        long inUse = GpuRuntime.MemoryStats(Cuda).BytesInUse;
        w.Grad = null;
        Assert.Equal(inUse - 64 * sizeof(float), GpuRuntime.MemoryStats(Cuda).BytesInUse);
        Assert.Throws<InvalidOperationException>(() => grad.ToArray<float>());
    }
}
