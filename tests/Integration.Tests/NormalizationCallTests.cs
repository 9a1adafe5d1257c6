using GraphGen.Integration.Modules;
using GraphGen.Integration.Support;
using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Integration;

/// <summary>
/// Modules with BatchNorm, LayerNorm, adaptive pooling and Cat (issue #11): two copies of one module, one run eagerly
/// (Forward) and one compiled (Call), through the same training steps: the outputs, every gradient, and every buffer
/// (running statistics, num_batches_tracked) agree after each step, in training and then in eval mode.
/// </summary>
public class NormalizationCallTests
{
    [Fact]
    public void BatchNorm1dMlp() => TrainAndEvaluate(() => new BatchNormMlp(6, 16), (m, x) => ((BatchNormMlp)m).Forward(x), [10, 6]);

    [Fact]
    public void BatchNorm2dThenGlobalAveragePooling() => TrainAndEvaluate(() => new PooledBatchNormNet(), (m, x) => ((PooledBatchNormNet)m).Forward(x), [4, 108]);

    [Fact]
    public void LayerNormMlp() => TrainAndEvaluate(() => new LayerNormMlp(), (m, x) => ((LayerNormMlp)m).Forward(x), [7, 5]);

    [Fact]
    public void LayerNormOverLeadingDims() => TrainAndEvaluate(() => new LayerNormMlp(), (m, x) => ((LayerNormMlp)m).Forward(x), [2, 3, 5]);

    [Fact]
    public void CatOfTwoBranchesAndAnInputTwice() => TrainAndEvaluate(() => new CatBranches(), (m, x) => ((CatBranches)m).Forward(x), [6, 5]);

    [Fact]
    public void AdaptivePoolingToUnevenWindows() => TrainAndEvaluate(() => new AdaptivePoolGrid(), (m, x) => ((AdaptivePoolGrid)m).Forward(x), [3, 50]);

    [Fact]
    public void BatchNormOnTheInputWithItsOwnEpsAndMomentum() => TrainAndEvaluate(() => new BatchNormOnInput(5), (m, x) => ((BatchNormOnInput)m).Forward(x), [9, 5]);

    [Fact]
    public void AWrongInputGetsTheDiagnosticsMessageAtRunTime()
    {
        var bn = Assert.Throws<ArgumentException>(() => new BatchNormOnInput(5).Call(Tensor.Zeros(4, 6)));
        Assert.Equal("GG0120: BatchNorm1d 'bn' expects input [N, 5, *] (a 2-D or 3-D input) but 'x' produces [4, 6]", bn.Message);
        var ln = Assert.Throws<ArgumentException>(() => new LayerNormMlp().Call(Tensor.Zeros(4, 6)));
        Assert.Equal("GG0121: LayerNorm 'inputNorm' normalizes over the last dims [5] but 'x' produces [4, 6]", ln.Message);
    }

    [Fact]
    public void CompiledCallReallyRanTheCompiledKernels()
    {
        // The eager Forward records NativeBatchNormBackward0; the compiled Call one function node for the whole module.
        Tensor.ManualSeed(3);
        var net = new BatchNormMlp(6, 16);
        var x = Tensor.Randn([5, 6]);
        Assert.Equal("BatchNormMlpBackward", net.Call(x.Clone().RequiresGrad_()).GradFn!.Name);
    }

    [Fact]
    public void EvalModeUsesTheRunningStatisticsAndLeavesThemAlone()
    {
        Tensor.ManualSeed(5);
        var net = new PooledBatchNormNet();
        var x = Tensor.Randn([3, 108]);
        net.Call(x); // one training call moves the running statistics away from 0 and 1
        net.Eval();
        var before = net.StateDict().ToDictionary(e => e.Key, e => e.Value.Clone());
        var y = net.Call(x);
        Compare.AssertClose(net.Forward(x), y, "eval output");
        foreach (var (key, value) in net.StateDict()) Compare.AssertClose(before[key].To(DType.Float32), value.To(DType.Float32), key, 0, 0);
    }

    [Fact]
    public void BatchNormOfOneValuePerChannelWhileTrainingIsRefused()
    {
        var net = new BatchNormMlp(6, 16);
        var error = Assert.Throws<ArgumentException>(() => net.Call(Tensor.Randn([1, 6])));
        Assert.Contains("expected more than 1 value per channel when training", error.Message);
    }

    /// <summary>Three training steps (forward, backward of Σ y·upstream, SGD step), then one eval pass, on an eager and a compiled copy.</summary>
    private static void TrainAndEvaluate(Func<Module> create, Func<Module, Tensor, Tensor> forward, int[] shape)
    {
        Tensor.ManualSeed(2024);
        var eager = create();
        Tensor.ManualSeed(2024);
        var compiled = create();
        var eagerSgd = new SGD(eager.Parameters(), lr: 0.1);
        var compiledSgd = new SGD(compiled.Parameters(), lr: 0.1);
        var generator = new RandomGenerator(42);
        for (int step = 0; step < 3; step++)
        {
            var x = Tensor.Randn(shape, generator) * 2.0 + 0.5;
            var upstreamSeed = 7 + step;
            var (eagerOut, eagerInputGrad) = Step(eager, leaf => forward(eager, leaf), x, upstreamSeed);
            var (compiledOut, compiledInputGrad) = Step(compiled, compiled.Call, x, upstreamSeed);
            string at = $"training step {step}";
            Compare.AssertClose(eagerOut, compiledOut, $"{at}: output");
            Compare.AssertClose(eagerInputGrad, compiledInputGrad, $"{at}: input gradient");
            foreach (var (p, q) in eager.NamedParameters().Zip(compiled.NamedParameters()))
                Compare.AssertClose(p.Parameter.Grad!, q.Parameter.Grad!, $"{at}: gradient of {p.Name}");
            SameBuffers(eager, compiled, at);
            eagerSgd.Step();
            compiledSgd.Step();
        }

        eager.Eval();
        compiled.Eval();
        var test = Tensor.Randn(shape, generator);
        var (evalEager, evalEagerGrad) = Step(eager, leaf => forward(eager, leaf), test, 99);
        var (evalCompiled, evalCompiledGrad) = Step(compiled, compiled.Call, test, 99);
        Compare.AssertClose(evalEager, evalCompiled, "eval: output");
        Compare.AssertClose(evalEagerGrad, evalCompiledGrad, "eval: input gradient");
        foreach (var (p, q) in eager.NamedParameters().Zip(compiled.NamedParameters()))
            Compare.AssertClose(p.Parameter.Grad!, q.Parameter.Grad!, $"eval: gradient of {p.Name}");
        SameBuffers(eager, compiled, "eval");
    }

    /// <summary>One forward of a fresh leaf copy of x and the backward of Σ output·upstream; the output and the input's gradient.</summary>
    private static (Tensor Output, Tensor InputGrad) Step(Module net, Func<Tensor, Tensor> run, Tensor x, long upstreamSeed)
    {
        net.ZeroGrad();
        var leaf = x.Clone().RequiresGrad_();
        var output = run(leaf);
        var upstream = Tensor.Randn(output.Shape.ToArray(), new RandomGenerator(upstreamSeed));
        (output * upstream).Sum().Backward();
        return (output.Detach(), leaf.Grad!.Clone());
    }

    /// <summary>Running statistics agree to float32 rounding; num_batches_tracked exactly.</summary>
    private static void SameBuffers(Module eager, Module compiled, string at)
    {
        var expected = eager.NamedBuffers().ToList();
        var actual = compiled.NamedBuffers().ToList();
        Assert.Equal(expected.Select(b => b.Name), actual.Select(b => b.Name));
        foreach (var (e, a) in expected.Zip(actual))
        {
            if (e.Buffer.DType == DType.Int64) Assert.True(e.Buffer.Item<long>() == a.Buffer.Item<long>(), $"{at}: {e.Name} is {a.Buffer.Item<long>()}, expected {e.Buffer.Item<long>()}");
            else Compare.AssertClose(e.Buffer, a.Buffer, $"{at}: {e.Name}");
        }
    }
}
