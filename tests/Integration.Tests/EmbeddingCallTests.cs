using GraphGen.Integration.Modules;
using GraphGen.Integration.Support;
using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Integration;

/// <summary>
/// A compiled Embedding (issue #11): the Call takes integer token ids (Int64 or Int32), gives Forward's output and
/// gradients (none into the padding row, none for the ids) through SGD steps, and refuses float ids with GG0122's message.
/// </summary>
public class EmbeddingCallTests
{
    [Theory]
    [InlineData(DType.Int64)]
    [InlineData(DType.Int32)]
    public void CallMatchesForwardThroughTrainingSteps(DType dtype)
    {
        Tensor.ManualSeed(2024);
        var eager = new EmbeddingMean();
        Tensor.ManualSeed(2024);
        var compiled = new EmbeddingMean();
        var eagerSgd = new SGD(eager.Parameters(), lr: 0.5);
        var compiledSgd = new SGD(compiled.Parameters(), lr: 0.5);
        for (int step = 0; step < 3; step++)
        {
            // Ids 0..9 with repeats, the padding id 0 among them.
            var tokens = Tensor.From(Enumerable.Range(0, 6 * 5).Select(i => (long)((i * 7 + step * 3) % 10)).ToArray()).View(6, 5).To(dtype);
            var (eagerOut, eagerGrads) = Step(eager, eager.Forward(tokens));
            var (compiledOut, compiledGrads) = Step(compiled, compiled.Call(tokens));
            Assert.NotEqual("EmbeddingMeanBackward", eagerOut.GradFn?.Name);
            Assert.Equal("EmbeddingMeanBackward", compiledOut.GradFn?.Name);
            Compare.AssertClose(eagerOut, compiledOut, $"step {step}: output");
            foreach (var (name, grad) in eagerGrads) Compare.AssertClose(grad, compiledGrads[name], $"step {step}: gradient of {name}");
            Assert.All(compiledGrads["emb.weight"].Select(0, 0).ToArray<float>(), g => Assert.Equal(0f, g));
            eagerSgd.Step();
            compiledSgd.Step();
        }

        Compare.AssertClose(eager.StateDict()["emb.weight"], compiled.StateDict()["emb.weight"], "embedding table after three steps");
    }

    [Fact]
    public void FloatIdsGetTheDiagnosticsMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => new EmbeddingMean().Call(Tensor.Zeros(4, 3)));
        Assert.Equal("GG0122: Embedding 'emb' needs integer indices (Int64 or Int32) but is fed 'tokens', a Float32 tensor of shape [4, 3]", e.Message);
    }

    [Fact]
    public void AnIdOutsideTheTableIsRefusedByValue()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingMean().Call(Tensor.From(new long[,] { { 1, 10 } })));
        Assert.Contains("Embedding: index 10 is out of range for a table of 10 embeddings", e.Message);
    }

    private static (Tensor Output, Dictionary<string, Tensor> Grads) Step(Module net, Tensor output)
    {
        (output * Tensor.Randn(output.Shape.ToArray(), new RandomGenerator(7))).Sum().Backward();
        var grads = net.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!.Clone());
        net.ZeroGrad();
        return (output, grads);
    }
}
