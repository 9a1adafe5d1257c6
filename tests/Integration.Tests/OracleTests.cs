using GraphGen.Integration.Modules;
using GraphGen.Integration.Support;
using GraphGen.Nn;

namespace GraphGen.Integration;

/// <summary>mlp.json (libtorch 2.10): its weights loaded into compiled modules; logits, loss and every gradient through the compiled path.</summary>
public class OracleTests
{
    [Theory]
    [InlineData("mlp_2_5_20_3")]
    [InlineData("mlp_784_128_10")]
    public void CompiledMlpMatchesLibtorch(string name)
    {
        var c = OracleCase.Load("mlp.json", name);
        Module net = name == "mlp_2_5_20_3" ? new OracleMlp3(2, 5, 20, 3) : new OracleMlp2(784, 128, 10);
        var state = c.Inputs.Where(kv => kv.Key.StartsWith("pipe.", StringComparison.Ordinal)).ToDictionary();
        net.LoadStateDict(state);

        bool wide = name.Contains("784");
        double rtol = wide ? 1e-4 : 1e-5, atol = wide ? 2e-6 : 1e-6;
        var x = c.Inputs["input"].Clone().RequiresGrad_();
        var logits = net.Call(x);
        Assert.StartsWith("<" + net.GetName() + "Backward", logits.GradFn!.ToString());
        Compare.AssertClose(c.Outputs["logits"], logits, "logits", rtol, atol);
        Compare.AssertClose(c.Outputs["probs"], F.Softmax(logits, dim: 1), "probs", rtol, atol);
        var loss = new CrossEntropyLoss().Call(logits, c.Inputs["target"]);
        Compare.AssertClose(c.Outputs["loss"], loss, "loss", rtol, atol);

        loss.Backward();
        var grads = net.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!);
        grads["input"] = x.Grad!;
        Assert.Equal(c.Grads.Keys.Order(), grads.Keys.Order());
        foreach (var (key, expected) in c.Grads) Compare.AssertClose(expected, grads[key], $"gradient of {key}", rtol, atol);
    }

    /// <summary>conv.json's LeNet-style case through the compiled Call: logits, cross-entropy loss and every gradient.</summary>
    [Fact]
    public void CompiledLeNetMatchesLibtorch()
    {
        var c = OracleCase.Load("conv.json", "lenet_loss");
        var net = new OracleLeNet();
        net.LoadStateDict(c.Inputs.Where(kv => kv.Key.Contains('.', StringComparison.Ordinal)).ToDictionary());

        // Two convolutions and a 24-wide GEMM: the tolerance the eager oracle test uses for this case.
        const double rtol = 2e-5, atol = 2e-6;
        var x = c.Inputs["input"].Clone().RequiresGrad_();
        var logits = net.Call(x);
        Assert.StartsWith("<OracleLeNetBackward", logits.GradFn!.ToString());
        Compare.AssertClose(c.Outputs["logits"], logits, "logits", rtol, atol);
        var loss = new CrossEntropyLoss().Call(logits, c.Inputs["target"]);
        Compare.AssertClose(c.Outputs["loss"], loss, "loss", rtol, atol);

        loss.Backward();
        var grads = net.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!);
        grads["input"] = x.Grad!;
        Assert.Equal(c.Grads.Keys.Order(), grads.Keys.Order());
        foreach (var (key, expected) in c.Grads) Compare.AssertClose(expected, grads[key], $"gradient of {key}", rtol, atol);
    }
}
