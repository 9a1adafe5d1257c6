using GraphGen.Nn;

namespace GraphGen.Tests.Nn;

/// <summary>mlp.json: libtorch's weights loaded by state dict into a model whose keys are pipe.0.weight ..., then logits, softmax, loss and gradients.</summary>
public class MlpOracleTests
{
    private sealed class Mlp : Module
    {
        public Mlp(params Module[] layers)
        {
            Pipe = new Sequential(layers);
            RegisterModule("pipe", Pipe);
        }

        public Sequential Pipe { get; }

        public Tensor Forward(Tensor x) => Pipe.Call(x);

        protected internal override Tensor CallCore(Tensor input) => Forward(input);
    }

    [Theory]
    [InlineData("mlp_2_5_20_3")]
    [InlineData("mlp_784_128_10")]
    public void MatchesLibtorch(string name)
    {
        var c = NnOracle.Case("mlp.json", name);
        var net = name == "mlp_2_5_20_3"
            ? new Mlp(new Linear(2, 5), new ReLU(), new Linear(5, 20), new ReLU(), new Linear(20, 3))
            : new Mlp(new Linear(784, 128), new ReLU(), new Linear(128, 10));
        var state = c.Inputs.Where(kv => kv.Key.StartsWith("pipe.", StringComparison.Ordinal)).ToDictionary();
        net.LoadStateDict(state); // strict: the oracle's keys are exactly ours
        Assert.Equal(state.Keys.Order(), net.StateDict().Keys.Order());

        var x = c.Inputs["input"].Clone().RequiresGrad_();
        bool wide = name.Contains("784");
        double rtol = wide ? 1e-4 : 1e-5, atol = wide ? 2e-6 : 1e-6;
        var logits = net.Call(x);
        NnOracle.AssertClose(c.Outputs["logits"], logits, "logits", rtol, atol);
        NnOracle.AssertClose(c.Outputs["probs"], F.Softmax(logits, dim: 1), "probs", rtol, atol);
        var loss = new CrossEntropyLoss().Call(logits, c.Inputs["target"]);
        NnOracle.AssertClose(c.Outputs["loss"], loss, "loss", rtol, atol);

        loss.Backward();
        var grads = net.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!);
        grads["input"] = x.Grad!;
        Assert.Equal(c.Grads.Keys.Order(), grads.Keys.Order());
        foreach (var (key, expected) in c.Grads) NnOracle.AssertClose(expected, grads[key], $"grad of {key}", rtol, atol);
    }
}
