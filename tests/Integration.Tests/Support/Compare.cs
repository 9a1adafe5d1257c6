using GraphGen.Nn;

namespace GraphGen.Integration.Support;

/// <summary>
/// Runs a module's eager Forward and its compiled Call on the same inputs, back-propagates the same
/// upstream gradient through both, and compares outputs and every gradient (parameters and inputs).
/// </summary>
public static class Compare
{
    /// <summary>float32 tolerance: the compiled code reorders a few float operations (fused loops, exp/tanh implementations).</summary>
    public const double RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-5;

    public static void CallMatchesForward(Module net, Func<Tensor[], Tensor> forward, Func<Tensor[], Tensor> call, params int[][] inputShapes)
    {
        var generator = new RandomGenerator(42);
        var inputs = inputShapes.Select(s => Tensor.Randn(s, generator)).ToArray();

        var (eagerOut, eagerGrads) = Run(net, forward, inputs, upstreamSeed: 7);
        var (compiledOut, compiledGrads) = Run(net, call, inputs, upstreamSeed: 7);

        AssertClose(eagerOut, compiledOut, "output");
        Assert.Equal(eagerGrads.Keys.Order(), compiledGrads.Keys.Order());
        foreach (var (name, expected) in eagerGrads)
        {
            Assert.True(expected is not null, $"eager gradient of {name} is missing");
            Assert.True(compiledGrads[name] is not null, $"compiled gradient of {name} is missing");
            AssertClose(expected!, compiledGrads[name]!, $"gradient of {name}");
        }
    }

    /// <summary>One pass: the default generator reseeded (so dropout draws the same masks), output, backward of Σ output·upstream.</summary>
    private static (Tensor Output, Dictionary<string, Tensor?> Grads) Run(Module net, Func<Tensor[], Tensor> run, Tensor[] inputs, long upstreamSeed)
    {
        net.ZeroGrad();
        var leaves = inputs.Select(t => t.Clone().RequiresGrad_()).ToArray();
        Tensor.ManualSeed(1234);
        var output = run(leaves);
        Assert.True(output.RequiresGrad, "the output should be part of the autograd graph");
        var upstream = Tensor.Randn(output.Shape.ToArray(), new RandomGenerator(upstreamSeed));
        (output * upstream).Sum().Backward();
        var grads = net.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad?.Clone());
        for (int i = 0; i < leaves.Length; i++) grads[$"input{i}"] = leaves[i].Grad?.Clone();
        return (output.Detach(), grads);
    }

    public static void AssertClose(Tensor expected, Tensor actual, string what, double rtol = RelativeTolerance, double atol = AbsoluteTolerance)
    {
        Assert.True(expected.Shape.Equals(actual.Shape), $"{what}: shape {actual.Shape}, expected {expected.Shape}");
        var e = expected.Detach().ToArray<float>();
        var a = actual.Detach().ToArray<float>();
        for (int i = 0; i < e.Length; i++)
        {
            double diff = Math.Abs(e[i] - a[i]);
            Assert.True(diff <= atol + rtol * Math.Abs(e[i]), $"{what}: element {i} is {a[i]:R}, expected {e[i]:R} (difference {diff:G3})");
        }
    }
}
