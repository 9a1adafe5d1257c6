using GraphGen.Gpu;
using GraphGen.Integration.Modules;
using GraphGen.Integration.Modules.Oracle;
using GraphGen.Integration.Modules.Contract;
using GraphGen.Integration.Modules.Regressions;
using GraphGen.Integration.Support;
using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Integration;

/// <summary>
/// The generated GPU code ({Type}.Gpu.g.cs), run on the (emulated) CUDA device: for every [Module] class of this
/// assembly (a test fails when one has no case), Call on the device gives the CPU backend's output and every
/// gradient (parameters and inputs), written fresh and added onto existing ones, in eval and in training mode
/// (dropout draws its mask from the same generator as the CPU backend, so the masks agree). Every case asserts the
/// compiled node ran: no integration module falls back to the eager Forward on the device.
/// </summary>
public class GpuCallTests
{
    private static readonly Device Cuda = GpuEmulation.Cuda;

    /// <summary>A module type, how to build and call it, and its input shapes (kept small: the CPU accelerator is an emulator).</summary>
    public sealed record Case(Type Module, Func<Module> Create, Func<Module, Tensor[], Tensor> Call, int[][] Shapes);

    private static Case One<T>(Func<T> create, int[] shape) where T : Module =>
        new(typeof(T), () => create(), (m, x) => m.Call(x[0]), [shape]);

    private static Case Two<T>(Func<T> create, Func<T, Tensor, Tensor, Tensor> call, int[] a, int[] b) where T : Module =>
        new(typeof(T), () => create(), (m, x) => call((T)m, x[0], x[1]), [a, b]);

    /// <summary>Every [Module] class of this assembly at least once (<see cref="EveryIntegrationModuleHasAGpuCase"/> enforces it), with explicit constructor arguments.</summary>
    public static readonly Dictionary<string, Case> Cases = new()
    {
        ["OurModule"] = One(() => new OurModule(numInputs: 2, numClasses: 3), [6, 2]),
        ["Mlp1"] = One(() => new Mlp1(7, 13, 5), [5, 7]),
        ["Mlp2"] = One(() => new Mlp2(), [4, 6]),
        ["Mlp3"] = One(() => new Mlp3(10, 24, 4), [3, 10]),
        ["EluMlp"] = One(() => new EluMlp(0.7), [4, 5]),
        ["ResidualBlock"] = One(() => new ResidualBlock(12), [5, 12]),
        ["TwoInputModule"] = Two(() => new TwoInputModule(3, 5, 8), (m, a, b) => m.Call(a, b), [6, 3], [6, 5]),
        ["NestedModule"] = One(() => new NestedModule(6, 10, 4), [7, 6]),
        ["ImageNet"] = One(() => new ImageNet(), [5, 16]),
        ["ScoreModule"] = One(() => new ScoreModule(), [6, 5]),
        ["OracleMlp3"] = One(() => new OracleMlp3(4, 8, 6, 3), [17, 4]),
        ["OracleMlp2"] = One(() => new OracleMlp2(4, 8, 3), [3, 4]),
        ["ParameterFree"] = One(() => new ParameterFree(), [4, 9]),
        ["Passthrough"] = One(() => new Passthrough(), [3, 2]),
        ["SharedLayer"] = One(() => new SharedLayer(), [6, 5]),
        ["NestedSequential"] = One(() => new NestedSequential(), [4, 3]),
        ["MismatchedHidden"] = One(() => new MismatchedHidden(hiddenOut: 5, hiddenIn: 5), [3, 4]),
        ["DropoutOnly"] = One(() => new DropoutOnly(), [3, 7]),
        ["OddWidthMlp"] = One(() => new OddWidthMlp(), [5, 1]),
        ["SmallLinearBoundary"] = One(() => new SmallLinearBoundary(), [5, 16]),
        ["Unbatched Mlp1"] = One(() => new Mlp1(7, 13, 5), [7]),
        ["Leading dims Mlp1"] = One(() => new Mlp1(7, 13, 5), [2, 3, 7]),
        ["LectureModule"] = One(() => new LectureModule(numInputs: 2, numClasses: 3), [6, 2]),
        ["Unbatched LectureModule"] = One(() => new LectureModule(numInputs: 2, numClasses: 3), [2]),
        ["Empty batch OurModule"] = One(() => new OurModule(numInputs: 2, numClasses: 3), [0, 2]),
        ["Empty batch TwoInputModule"] = Two(() => new TwoInputModule(3, 5, 8), (m, a, b) => m.Call(a, b), [0, 3], [0, 5]),

        // Modules/Contract: each form a user can write in a [Module] (issue #4).
        ["ActivationLayers"] = One(() => new ActivationLayers(), [4, 5]),
        ["ActivationFunctions"] = One(() => new ActivationFunctions(), [4, 5]),
        ["ActivationMethods"] = One(() => new ActivationMethods(), [4, 5]),
        ["Scaling"] = One(() => new Scaling(), [5, 6]),
        ["Reductions"] = One(() => new Reductions(), [6, 5]),
        ["SoftmaxDims"] = One(() => new SoftmaxDims(), [5, 4]),
        ["ImplicitSoftmaxDims"] = One(() => new ImplicitSoftmaxDims(), [5, 4]),
        ["ViewBatchByMinusOne"] = One(() => new ViewBatchByMinusOne(), [6, 16]),
        ["ViewBatchByMinusOne images"] = One(() => new ViewBatchByMinusOne(), [3, 1, 4, 4]),
        ["FlattenIdioms"] = One(() => new FlattenIdioms(), [3, 16]),
        ["ViewsBetweenLayers"] = One(() => new ViewsBetweenLayers(), [5, 6]),
        ["ViewCheckedAtRunTime"] = One(() => new ViewCheckedAtRunTime(), [4, 12]),
        ["ViewOfParameter"] = One(() => new ViewOfParameter(features: 6, classes: 3), [5, 6]),
        ["ViewOfParameter rank 3"] = One(() => new ViewOfParameter(features: 6, classes: 3), [5, 2, 3]),
        ["IndexedSequential"] = One(() => new IndexedSequential(), [6, 4]),
        ["ChildUsedTwice"] = One(() => new ChildUsedTwice(), [5, 6]),
        ["DimensionSources"] = One(() => new DimensionSources(width: 9, classes: 4), [3, 5]),
        ["TwoInputChild"] = Two(() => new TwoInputChild(), (m, a, b) => m.Call(a, b), [4, 3], [4, 5]),
        ["SiluForms"] = One(() => new SiluForms(), [4, 5]),
        ["SimdChains"] = Two(() => new SimdChains(), (m, a, b) => m.Call(a, b), [3, 11], [3, 11]),

        // Modules/Regressions: what a differential test of random modules found (issue #17).
        ["SixOperands"] = One(() => new SixOperands(), [3, 4]),
        ["TwelveOperands"] = One(() => new TwelveOperands(), [2, 3]),
        ["StaticReadOnlyInSizeProduct"] = One(() => new StaticReadOnlyInSizeProduct(), [2, 5]),
        ["CtorParamSplitByMinusOne"] = One(() => new CtorParamSplitByMinusOne(8), [3, 6]),
        ["InputRowsByMinusOne"] = One(() => new InputRowsByMinusOne(), [4, 9]),
        ["InputRowsIntoLinear"] = One(() => new InputRowsIntoLinear(), [3, 9]),

        // Convolutions, pools, normalisation and Cat (issue #11): compiled GPU launches (Kernels/Gpu/*Launches), run in training and eval (s_trainAndEval).
        ["LeNet5"] = One(() => new LeNet5(), [2, 1, 28, 28]),
        ["DepthwiseSeparable"] = One(() => new DepthwiseSeparable(), [3, 8, 10, 10]),
        ["ResidualConvBn"] = One(() => new ResidualConvBn(), [2, 3, 12, 12]),
        ["Conv1dNet"] = One(() => new Conv1dNet(), [3, 4, 32]),
        ["UndeclaredCnn"] = One(() => new UndeclaredCnn(), [2, 3, 11, 13]),
        ["OracleLeNet"] = One(() => new OracleLeNet(), [2, 1, 8, 8]),
        ["BatchNormMlp"] = One(() => new BatchNormMlp(6, 16), [4, 6]),
        ["BatchNormOnInput"] = One(() => new BatchNormOnInput(5), [4, 5]),
        ["PooledBatchNormNet"] = One(() => new PooledBatchNormNet(), [2, 108]),
        ["LayerNormMlp"] = One(() => new LayerNormMlp(), [3, 5]),
        ["AdaptivePoolGrid"] = One(() => new AdaptivePoolGrid(), [2, 50]),
        ["CatBranches"] = One(() => new CatBranches(), [3, 5]),
        ["PyTorchCnn"] = One(() => new PyTorchCnn(), [2, 1, 8, 8]),
        ["ConvBnFolding"] = One(() => new ConvBnFolding(), [2, 1, 28, 28]),

        // Modules/Oracle: conv.json's module-shaped cases (OracleConvModuleTests).
        ["OracleBatchNorm1d"] = One(() => new OracleBatchNorm1d(), [3, 4]),
        ["OracleBatchNorm2d"] = One(() => new OracleBatchNorm2d(), [2, 108]),
        ["OracleLayerNorm"] = One(() => new OracleLayerNorm(), [3, 5]),
        ["OracleAdaptiveAvgPool"] = One(() => new OracleAdaptiveAvgPool(), [2, 108]),
        ["OracleCat"] = Two(() => new OracleCat(), (m, a, b) => m.Call(a, b), [2, 12], [2, 8]),

        // Embeddings: int64 token ids on the device, the float workspace around them (Inputs makes the ids).
        ["EmbeddingMean"] = One(() => new EmbeddingMean(), [3, 5]),
        ["OracleEmbedding"] = One(() => new OracleEmbedding(), [2, 5]),
        ["OracleEmbeddingPadding"] = One(() => new OracleEmbeddingPadding(), [2, 5]),
    };

    /// <summary>The CNN cases, run in training (batch statistics, running statistics updated) as well as eval.</summary>
    private static readonly string[] s_trainAndEval =
    [
        "LeNet5", "DepthwiseSeparable", "ResidualConvBn", "Conv1dNet", "UndeclaredCnn", "OracleLeNet", "BatchNormMlp", "BatchNormOnInput",
        "PooledBatchNormNet", "LayerNormMlp", "AdaptivePoolGrid", "CatBranches", "PyTorchCnn", "OracleBatchNorm1d", "OracleBatchNorm2d",
        "OracleLayerNorm", "OracleAdaptiveAvgPool", "OracleCat", "EmbeddingMean", "OracleEmbeddingPadding", "ConvBnFolding",
    ];

    /// <summary>
    /// A case's inputs: random floats, or token ids (int64, 0 to 9) for a module whose input an Embedding reads. Only float
    /// inputs get gradients.
    /// </summary>
    public static Tensor[] Inputs(string module, Case c, RandomGenerator generator) => module.Contains("Embedding", StringComparison.Ordinal)
        ? c.Shapes.Select(s => Tensor.From(Enumerable.Range(0, s.Aggregate(1, (a, b) => a * b)).Select(i => (long)(i * 3 % 10)).ToArray()).View(s)).ToArray()
        : c.Shapes.Select(s => Tensor.Randn(s, generator)).ToArray();

    [Fact]
    public void EveryIntegrationModuleHasAGpuCase()
    {
        var modules = typeof(OurModule).Assembly.GetTypes().Where(t => t.IsDefined(typeof(ModuleAttribute), inherit: false)).ToList();
        var covered = Cases.Values.Select(c => c.Module).ToHashSet();
        var missing = modules.Where(t => !covered.Contains(t)).Select(t => t.FullName).Order().ToList();
        Assert.True(missing.Count == 0, $"[Module] classes without a case in {nameof(GpuCallTests)}.{nameof(Cases)}: {string.Join(", ", missing)}");
        Assert.True(modules.Count >= 33, $"found {modules.Count} [Module] classes"); // the reflection itself works
    }

    public static TheoryData<string, bool> Modules()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in Cases.Keys) data.Add(name, false);
        foreach (var name in s_trainAndEval) data.Add(name, true);
        data.Add("OurModule", true);
        data.Add("ImageNet", true);
        data.Add("DropoutOnly", true);
        data.Add("Unbatched LectureModule", true);
        return data;
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void CallOnTheDeviceMatchesTheCpuBackend(string module, bool training)
    {
        var c = Cases[module];
        var inputs = Inputs(module, c, new RandomGenerator(42));

        Tensor.ManualSeed(2024);
        var cpuNet = c.Create();
        cpuNet.Train(training);
        var cpu = Run(cpuNet, c.Call, inputs, Device.Cpu);

        Tensor.ManualSeed(2024);
        var gpuNet = c.Create();
        gpuNet.Train(training);
        gpuNet.To(Cuda);
        using var scope = GpuRuntime.Scope();
        var gpu = Run(gpuNet, c.Call, inputs, Cuda);

        Compare.AssertClose(cpu.Output, gpu.Output, $"{module}: output");
        AssertSameGradients(cpu.Grads, gpu.Grads, $"{module}: gradient of");
        AssertSameGradients(cpu.Accumulated, gpu.Accumulated, $"{module}: after a second call, accumulated gradient of");
        Assert.Equal(cpu.Buffers.Keys.Order(), gpu.Buffers.Keys.Order());
        foreach (var (name, expected) in cpu.Buffers) Compare.AssertClose(expected, gpu.Buffers[name], $"{module}: after two calls, buffer {name}");
    }

    private static void AssertSameGradients(Dictionary<string, Tensor?> cpu, Dictionary<string, Tensor?> gpu, string what)
    {
        Assert.Equal(cpu.Keys.Order(), gpu.Keys.Order());
        foreach (var (name, expected) in cpu)
        {
            Assert.True(expected is not null && gpu[name] is not null, $"{what} {name} is missing");
            Compare.AssertClose(expected!, gpu[name]!, $"{what} {name}");
        }
    }

    /// <summary>
    /// Call, then backward of Σ output·upstream, twice: the first backward writes new gradients, the second adds onto
    /// the existing ones (the GPU backend's other path). The output and both sets of gradients come back to the host.
    /// </summary>
    private static (Tensor Output, Dictionary<string, Tensor?> Grads, Dictionary<string, Tensor?> Accumulated, Dictionary<string, Tensor> Buffers) Run(
        Module net, Func<Module, Tensor[], Tensor> call, Tensor[] inputs, Device device)
    {
        var leaves = inputs.Select(t => device == Device.Cpu ? t.Clone() : t.To(device)).Select(t => t.DType == DType.Float32 ? t.RequiresGrad_() : t).ToArray();
        var upstream = (Tensor?)null;
        Tensor? first = null;
        var passes = new List<Dictionary<string, Tensor?>>();
        for (int pass = 0; pass < 2; pass++)
        {
            Tensor.ManualSeed(1234); // dropout draws the same masks on both devices and in both passes
            var output = call(net, leaves);
            Assert.Equal(device, output.Device);
            // An unbatched call squeezes its batch of one, a call on leading dims reshapes its rows: look through those views.
            var compiled = output.GradFn;
            while (compiled?.Name is "SqueezeBackward1" or "ViewBackward0" or "ReshapeAlias") compiled = compiled.NextFunctions[0];
            Assert.Equal(net.GetType().Name + "Backward", compiled?.Name); // the compiled node, not the eager ops
            upstream ??= Tensor.Randn(output.Shape.ToArray(), new RandomGenerator(7)).To(device);
            (output * upstream).Sum().Backward();
            first ??= output.Detach().To(Device.Cpu);
            Assert.All(net.NamedParameters(), p => Assert.Equal(device, p.Parameter.Grad?.Device ?? device));
            var grads = net.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad?.To(Device.Cpu).Clone()); // a snapshot: the next pass adds in place
            for (int i = 0; i < leaves.Length; i++)
                if (leaves[i].RequiresGrad) grads[$"input{i}"] = leaves[i].Grad?.To(Device.Cpu).Clone();
            passes.Add(grads);
        }

        // BatchNorm's running statistics and num_batches_tracked (as float64, so the count compares as the statistics do).
        var buffers = net.NamedBuffers().ToDictionary(b => b.Name, b => b.Buffer.To(Device.Cpu).To(DType.Float64));
        return (first!, passes[0], passes[1], buffers);
    }

    [Fact]
    public void DropoutOnTheDeviceZeroesOrScalesEachElementAndBackwardUsesTheSameMask()
    {
        var net = new DropoutOnly();
        using var scope = GpuRuntime.Scope();
        var x = (Tensor.Rand([32, 16], new RandomGenerator(3)) + 1).To(Cuda).RequiresGrad_();
        Tensor.ManualSeed(99);
        var y = net.Call(x);
        Assert.Equal("DropoutOnlyBackward", y.GradFn?.Name);
        y.Sum().Backward();
        var (xs, ys, grad) = (x.Detach().To(Device.Cpu).ToArray<float>(), y.Detach().To(Device.Cpu).ToArray<float>(), x.Grad!.To(Device.Cpu).ToArray<float>());
        int dropped = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            // p = 0.5: each element is dropped (0) or kept and scaled by 1/(1-p) = 2, and its gradient is that same factor.
            Assert.True(grad[i] == 0f || grad[i] == 2f, $"element {i}: mask value {grad[i]}, expected 0 or 2");
            Assert.Equal(xs[i] * grad[i], ys[i], 5);
            if (grad[i] == 0f) dropped++;
        }

        Assert.InRange(dropped, 512 * 0.4, 512 * 0.6);

        // The same draws as the eager op: the CPU eager Forward with the same seed drops the same elements.
        Tensor.ManualSeed(99);
        var eager = F.Dropout(x.Detach().To(Device.Cpu), 0.5);
        Compare.AssertClose(eager, y.Detach().To(Device.Cpu), "the eager dropout with the same seed");

        // Outside training the mask is all ones: y = x and the gradient is 1.
        net.Eval();
        var x2 = x.Detach().RequiresGrad_();
        var e = net.Call(x2);
        e.Sum().Backward();
        Compare.AssertClose(x2.Detach().To(Device.Cpu), e.Detach().To(Device.Cpu), "eval output");
        Assert.All(x2.Grad!.To(Device.Cpu).ToArray<float>(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void MixedDevicesRaiseTheDeviceMismatchErrorInsteadOfCopying()
    {
        Tensor.ManualSeed(1);
        var net = new Mlp1(3, 4, 2);
        net.To(Cuda);
        var e = Assert.Throws<InvalidOperationException>(() => net.Call(Tensor.Randn([2, 3])));
        Assert.Contains("same device", e.Message);
        var cpuNet = new Mlp1(3, 4, 2);
        using var scope = GpuRuntime.Scope();
        e = Assert.Throws<InvalidOperationException>(() => cpuNet.Call(Tensor.Randn([2, 3]).To(Cuda)));
        Assert.Contains("same device", e.Message);
    }

    [Fact]
    public void ShapeErrorsOnTheDeviceNameTheModuleAndTheShape()
    {
        var net = new Mlp1(3, 4, 2);
        net.To(Cuda);
        using var scope = GpuRuntime.Scope();
        var e = Assert.Throws<ArgumentException>(() => net.Call(Tensor.Randn([2, 5]).To(Cuda)));
        Assert.Contains("expects 3 input features", e.Message);

        // Sizes only known at run time (Modules/Contract/Views.cs) are checked before anything is launched, with the CPU backend's message.
        var view = new ViewCheckedAtRunTime();
        view.To(Cuda);
        e = Assert.Throws<ArgumentException>(() => view.Call(Tensor.Randn(4, 10).To(Cuda)));
        Assert.Equal("GG0105: 'x.View(x.Size(0), 3, 4)' cannot view a tensor of shape [4, 10] as (4, 3, 4): the element counts differ (40 vs 48)", e.Message);
        var parameter = new ViewOfParameter(features: 6, classes: 3);
        parameter.To(Cuda);
        e = Assert.Throws<ArgumentException>(() => parameter.Call(Tensor.Randn(5, 4).To(Cuda)));
        Assert.StartsWith("GG0105: 'images.View(-1, features)' cannot view a tensor of shape [5, 4] as (-1, 6): 20 elements do not divide into rows of 6", e.Message);
    }

    [Fact]
    public void EmbeddingIdsOnTheDeviceAreCheckedAsOnTheCpu()
    {
        var net = new EmbeddingMean();
        net.To(Cuda);
        using var scope = GpuRuntime.Scope();
        var ids = Tensor.From(new long[] { 1, 2, 12, 3 }).View(2, 2).To(Cuda);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => net.Call(ids));
        Assert.Contains("Embedding: index 12 is out of range for a table of 10 embeddings", e.Message);
        var floats = Assert.Throws<ArgumentException>(() => net.Call(Tensor.Randn(2, 2).To(Cuda)));
        Assert.StartsWith("GG0122: Embedding 'emb' needs integer indices (Int64 or Int32) but is fed 'tokens', a Float32 tensor of shape [2, 2]", floats.Message);
        // Int32 ids are converted on the device and run the compiled path.
        var y = net.Call(Tensor.From(new int[] { 1, 2, 0, 3 }).View(2, 2).To(Cuda));
        Assert.Equal("EmbeddingMeanBackward", y.GradFn?.Name);
    }

    [Fact]
    public void TrainingStepsOnTheDeviceMatchTheCpuAndLeaveDeviceMemoryFlat()
    {
        Tensor.ManualSeed(11);
        var cpuNet = new OracleMlp2(4, 8, 3);
        Tensor.ManualSeed(11);
        var gpuNet = new OracleMlp2(4, 8, 3);
        gpuNet.To(Cuda);
        var cpuOpt = new SGD(cpuNet.Parameters(), lr: 0.1, momentum: 0.5);
        var gpuOpt = new SGD(gpuNet.Parameters(), lr: 0.1, momentum: 0.5);
        var x = Tensor.Randn([8, 4], new RandomGenerator(2));
        var y = Tensor.From(Enumerable.Range(0, 8).Select(i => (long)(i % 3)).ToArray());
        var (gx, gy) = (x.To(Cuda), y.To(Cuda));
        long inUseAfterWarmUp = 0;
        GC.Collect(); // earlier tests' unscoped device tensors go back to the pool now, not in the middle of the count
        GC.WaitForPendingFinalizers();
        const int steps = 100;
        for (int step = 0; step < steps; step++)
        {
            using (GpuRuntime.Scope())
            {
                var logits = gpuNet.Call(gx);
                Assert.Equal("OracleMlp2Backward", logits.GradFn?.Name);
                var gloss = F.CrossEntropy(logits, gy);
                gpuOpt.ZeroGrad();
                gloss.Backward();
                gpuOpt.Step();
                if (step < 5)
                {
                    var loss = F.CrossEntropy(cpuNet.Call(x), y);
                    cpuOpt.ZeroGrad();
                    loss.Backward();
                    cpuOpt.Step();
                    float l = loss.Item<float>(), gl = gloss.Item<float>();
                    Assert.True(Math.Abs(l - gl) <= 1e-5 + 1e-4 * Math.Abs(l), $"step {step}: CPU loss {l}, GPU loss {gl}");
                }
            }

            long inUse = GpuRuntime.MemoryStats(Cuda).BytesInUse;
            if (step == 1) inUseAfterWarmUp = inUse;
            else if (step > 1) Assert.True(inUse == inUseAfterWarmUp, $"step {step}: {inUse} bytes in use on the device, {inUseAfterWarmUp} after the first steps");
        }
    }
}
