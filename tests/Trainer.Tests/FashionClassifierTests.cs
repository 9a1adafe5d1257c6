using GraphGen.Nn;

namespace GraphGen.Trainer.Tests;

public class FashionClassifierTests
{
    [Fact]
    public void HasPyTorchNamesAndShapes()
    {
        var net = new FashionClassifier();
        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], net.StateDict().Keys);
        Assert.Equal(784 * 256 + 256 + 256 * 10 + 10, net.ParameterCount);
        Assert.Equal(FashionClassifier.HiddenFeatures, net.StateDict()["fc1.weight"].Size(0));
        Assert.Equal("[5, 10]", net.Call(Tensor.Rand(5, 784)).Shape.ToString());
    }

    [Fact]
    public void CallMatchesTheEagerForwardInOutputAndGradients()
    {
        // Call is what training runs (the generated kernels once [Module] compiles the class); Forward is the reference.
        var net = new FashionClassifier();
        var x = Tensor.Rand([16, 784], new RandomGenerator(3));
        var labels = Tensor.From(Enumerable.Range(0, 16).Select(i => (long)(i % 10)).ToArray());
        var lossFn = new CrossEntropyLoss();

        var called = net.Call(x);
        lossFn.Call(called, labels).Backward();
        var calledGrads = net.Parameters().Select(p => p.Grad!.ToArray<float>()).ToList();
        net.ZeroGrad();
        var forward = net.Forward(x);
        lossFn.Call(forward, labels).Backward();
        var forwardGrads = net.Parameters().Select(p => p.Grad!.ToArray<float>()).ToList();

        AssertClose(forward.ToArray<float>(), called.ToArray<float>());
        for (int i = 0; i < calledGrads.Count; i++) AssertClose(forwardGrads[i], calledGrads[i]);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f + 1e-4f * Math.Abs(expected[i]), $"element {i}: {actual[i]} vs {expected[i]}");
    }
}
