using GraphGen.Nn;

namespace GraphGen.Tests.Validation;

/// <summary>Module trees too deep to walk, and what a non-strict state-dict load did not match.</summary>
public class ModuleValidationTests
{
    [Fact]
    public void A100000DeepSequentialIsRefusedInsteadOfOverflowingTheStack()
    {
        Module m = new ReLU();
        var e = Expect.Throws<ArgumentException>(() =>
        {
            for (int i = 0; i < 100_000; i++) m = new Sequential(m);
        }, "nest", $"{Module.MaxNestingDepth + 1}", "Sequential");
        Assert.Equal("module", e.ParamName);
    }

    [Fact]
    public void TheDeepestAllowedNestingStillRunsPrintsAndSaves()
    {
        Module m = new Linear(2, 2);
        for (int i = 0; i < Module.MaxNestingDepth; i++) m = new Sequential(m);
        Assert.Equal([2], m.Call(Tensor.Ones(2)).Shape.ToArray());
        Assert.StartsWith("Sequential(", m.ToString());
        Assert.Equal(2, m.StateDict().Count);
        m.Train(false);
        Assert.Throws<ArgumentException>(() => new Sequential(m));
    }

    [Fact]
    public void NonStrictLoadReturnsMissingAndUnexpectedKeys()
    {
        var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
        var state = new Dictionary<string, Tensor>
        {
            ["0.weight"] = Tensor.Ones(3, 2),
            ["0.bias"] = Tensor.Ones(3),
            ["extra.weight"] = Tensor.Ones(1),
        };
        var result = net.LoadStateDict(state, strict: false);
        Assert.Equal(["2.weight", "2.bias"], result.MissingKeys);
        Assert.Equal(["extra.weight"], result.UnexpectedKeys);
        Assert.Equal("_IncompatibleKeys(missing_keys=['2.weight', '2.bias'], unexpected_keys=['extra.weight'])", result.ToString());
        Assert.Equal(Enumerable.Repeat(1f, 6), net.StateDict()["0.weight"].ToArray<float>());

        var all = net.LoadStateDict(net.StateDict());
        Assert.True(all.IsEmpty);
        Assert.Equal("<All keys matched successfully>", all.ToString());
    }
}
