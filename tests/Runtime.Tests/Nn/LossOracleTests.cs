using GraphGen.Nn;

namespace GraphGen.Tests.Nn;

/// <summary>Every case of losses.json: output and gradients of the functional form, and the module form's output.</summary>
public class LossOracleTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in NnOracle.Load("losses.json")) data.Add(c.Name);
        return data;
    }

    [Fact]
    public void TheOracleHasEveryLossCase() => Assert.Equal(47, NnOracle.Load("losses.json").Count);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesLibtorch(string name)
    {
        var c = NnOracle.Case("losses.json", name);
        // Fresh leaves; those libtorch differentiated require grad.
        var inputs = c.Inputs.ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        foreach (var key in c.Grads.Keys) inputs[key].RequiresGrad_();
        var output = Functional(c, inputs);
        NnOracle.AssertClose(c.Outputs["output"], output, "output");

        if (output.Rank == 0) output.Backward();
        else (output * inputs["upstream"]).Sum().Backward();
        foreach (var (key, expected) in c.Grads)
            NnOracle.AssertClose(expected, inputs[key].Grad ?? throw new Xunit.Sdk.XunitException($"no gradient for {key}"), $"grad of {key}");

        var moduleOutput = Module(c).Call(c.Inputs["input"], c.Inputs["target"]);
        Assert.Equal(output.Detach().ToArray<float>(), moduleOutput.ToArray<float>());
    }

    private static Reduction ReductionOf(OracleCase c) => c.Reduction switch
    {
        "none" => Reduction.None,
        "sum" => Reduction.Sum,
        "mean" => Reduction.Mean,
        var r => throw new NotSupportedException(r),
    };

    private static Tensor Functional(OracleCase c, Dictionary<string, Tensor> i)
    {
        var weight = i.GetValueOrDefault("weight");
        var r = ReductionOf(c);
        return c.Op switch
        {
            "torch.nn.functional.mse_loss" => F.MseLoss(i["input"], i["target"], r),
            "torch.nn.functional.binary_cross_entropy" => F.BinaryCrossEntropy(i["input"], i["target"], weight, r),
            "torch.nn.functional.binary_cross_entropy_with_logits" =>
                F.BinaryCrossEntropyWithLogits(i["input"], i["target"], weight, r, i.GetValueOrDefault("pos_weight")),
            "torch.nn.functional.cross_entropy" => F.CrossEntropy(i["input"], i["target"], weight,
                c.ArgLong("ignore_index", -100), r, c.ArgDouble("label_smoothing", 0)),
            "torch.nn.functional.nll_loss" => F.NllLoss(i["input"], i["target"], weight, c.ArgLong("ignore_index", -100), r),
            var op => throw new NotSupportedException(op),
        };
    }

    private static Loss Module(OracleCase c)
    {
        var weight = c.Input("weight");
        var r = ReductionOf(c);
        return c.Op switch
        {
            "torch.nn.functional.mse_loss" => new MSELoss(r),
            "torch.nn.functional.binary_cross_entropy" => new BCELoss(weight, r),
            "torch.nn.functional.binary_cross_entropy_with_logits" => new BCEWithLogitsLoss(weight, r, c.Input("pos_weight")),
            "torch.nn.functional.cross_entropy" => new CrossEntropyLoss(weight, c.ArgLong("ignore_index", -100), r, c.ArgDouble("label_smoothing", 0)),
            "torch.nn.functional.nll_loss" => new NLLLoss(weight, c.ArgLong("ignore_index", -100), r),
            var op => throw new NotSupportedException(op),
        };
    }
}
