using GraphGen.Nn;

namespace GraphGen.Tests.Nn;

public class StateDictTests
{
    [Fact]
    public void KeysAreTorchsAndValuesShareStorageWithoutGrad()
    {
        var net = new OurModule(2, 3);
        var state = net.StateDict();
        Assert.Equal(["pipe.0.weight", "pipe.0.bias", "pipe.2.weight", "pipe.2.bias", "pipe.4.weight", "pipe.4.bias"], state.Keys);
        Assert.All(state.Values, t => Assert.False(t.RequiresGrad));
        var weight = ((Linear)net.Pipe[0]).Weight;
        using (Autograd.NoGrad()) weight.Fill_(0.25);
        Assert.All(state["pipe.0.weight"].ToArray<float>(), v => Assert.Equal(0.25f, v)); // shares storage
    }

    [Fact]
    public void RoundTripCopiesValuesIntoTheSameParameterObjects()
    {
        var source = new OurModule(2, 3, generator: new RandomGenerator(1));
        var target = new OurModule(2, 3, generator: new RandomGenerator(2));
        var targetParams = target.Parameters().ToList();
        target.LoadStateDict(source.StateDict());
        Assert.Equal(targetParams, target.Parameters()); // same references: optimizers stay valid
        foreach (var ((name, expected), (_, actual)) in source.NamedParameters().Zip(target.NamedParameters()))
            Assert.True(expected.ToArray<float>().SequenceEqual(actual.ToArray<float>()), name);
        Assert.All(target.Parameters(), p => Assert.True(p.RequiresGrad && p.IsLeaf));
        var x = Tensor.From(new float[,] { { 0.5f, -2f } });
        Assert.Equal(source.Eval().Call(x).ToArray<float>(), target.Eval().Call(x).ToArray<float>());
    }

    [Fact]
    public void StrictLoadReportsMissingUnexpectedAndSizeMismatchInOneError()
    {
        var net = new OurModule(2, 3);
        var state = new OurModule(3, 3).StateDict();
        state.Remove("pipe.0.bias");
        state.Add("pipe.9.weight", Tensor.Zeros(1));
        var before = ((Linear)net.Pipe[2]).Weight.ToArray<float>();
        var ex = Assert.Throws<InvalidOperationException>(() => net.LoadStateDict(state));
        Assert.Equal(
            "Error(s) in loading state_dict for OurModule:\n" +
            "\tMissing key(s) in state_dict: \"pipe.0.bias\". \n" +
            "\tUnexpected key(s) in state_dict: \"pipe.9.weight\". \n" +
            "\tsize mismatch for pipe.0.weight: copying a param with shape torch.Size([5, 3]) from checkpoint, the shape in current model is torch.Size([5, 2]).",
            ex.Message);
        Assert.Equal(before, ((Linear)net.Pipe[2]).Weight.ToArray<float>()); // nothing copied
    }

    [Fact]
    public void NonStrictIgnoresMissingAndUnexpectedKeys()
    {
        var net = new OurModule(2, 3);
        var state = new OrderedDictionary<string, Tensor>
        {
            ["pipe.4.bias"] = Tensor.From([1f, 2f, 3f]),
            ["extra.thing"] = Tensor.Zeros(4),
        };
        var untouched = ((Linear)net.Pipe[0]).Weight.ToArray<float>();
        net.LoadStateDict(state, strict: false);
        Assert.Equal([1f, 2f, 3f], ((Linear)net.Pipe[4]).Bias!.ToArray<float>());
        Assert.Equal(untouched, ((Linear)net.Pipe[0]).Weight.ToArray<float>());
        Assert.Contains("Missing key(s)", Assert.Throws<InvalidOperationException>(() => net.LoadStateDict(state)).Message);
    }

    [Fact]
    public void NonStrictStillFailsOnShapeMismatch()
    {
        var net = new OurModule(2, 3);
        var state = new Dictionary<string, Tensor> { ["pipe.4.bias"] = Tensor.Zeros(4) };
        var ex = Assert.Throws<InvalidOperationException>(() => net.LoadStateDict(state, strict: false));
        Assert.Equal(
            "Error(s) in loading state_dict for OurModule:\n\tsize mismatch for pipe.4.bias: copying a param with shape torch.Size([4]) from checkpoint, the shape in current model is torch.Size([3]).",
            ex.Message);
    }

    [Fact]
    public void LoadConvertsDtype()
    {
        var net = new Linear(2, 1);
        net.LoadStateDict(new Dictionary<string, Tensor>
        {
            ["weight"] = Tensor.From(new double[,] { { 1.5, -2 } }),
            ["bias"] = Tensor.From([0.25]),
        });
        Assert.Equal(DType.Float32, net.Weight.DType);
        Assert.Equal([1.5f, -2f], net.Weight.ToArray<float>());
        Assert.Equal([0.25f], net.Bias!.ToArray<float>());
    }
}
