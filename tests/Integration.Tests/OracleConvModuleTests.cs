using GraphGen.Integration.Modules.Oracle;
using GraphGen.Integration.Support;
using GraphGen.Nn;

namespace GraphGen.Integration;

/// <summary>
/// conv.json (libtorch 2.10, oneDNN off): its module-shaped cases — batch norm (train with running statistics, eval),
/// layer norm, global average pooling, embedding (with padding_idx) and cat — through compiled Calls: outputs, the
/// running statistics after a training call, and every gradient of Σ output·upstream.
/// </summary>
public class OracleConvModuleTests
{
    private const double Rtol = 1e-4, Atol = 1e-5;

    [Theory]
    [InlineData("batch_norm1d_train")]
    [InlineData("batch_norm2d_train")]
    [InlineData("batch_norm2d_eval")]
    public void BatchNorm(string name)
    {
        var c = OracleCase.Load("conv.json", name);
        var input = c.Inputs["input"];
        Module net = input.Rank == 2 ? new OracleBatchNorm1d() : new OracleBatchNorm2d();
        net.LoadStateDict(new Dictionary<string, Tensor>
        {
            ["bn.weight"] = c.Inputs["weight"], ["bn.bias"] = c.Inputs["bias"],
            ["bn.running_mean"] = c.Inputs["running_mean"], ["bn.running_var"] = c.Inputs["running_var"],
            ["bn.num_batches_tracked"] = Tensor.Scalar(0L),
        });
        net.Train(name.EndsWith("_train", StringComparison.Ordinal));
        var x = Rows(input).RequiresGrad_();
        var y = net.Call(x);
        AssertCompiled(net, y);
        Compare.AssertClose(c.Outputs["output"], y.View(input.Shape.ToArray()), $"{name}: output", Rtol, Atol);
        if (c.Outputs.TryGetValue("running_mean", out var runningMean))
        {
            var state = net.StateDict();
            Compare.AssertClose(runningMean, state["bn.running_mean"], $"{name}: running_mean", Rtol, Atol);
            Compare.AssertClose(c.Outputs["running_var"], state["bn.running_var"], $"{name}: running_var", Rtol, Atol);
            Assert.Equal(1L, state["bn.num_batches_tracked"].Item<long>());
        }

        Backward(y, c.Inputs["upstream"]);
        Compare.AssertClose(c.Grads["input"], x.Grad!.View(input.Shape.ToArray()), $"{name}: gradient of input", Rtol, Atol);
        var parameters = net.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!);
        Compare.AssertClose(c.Grads["weight"], parameters["bn.weight"], $"{name}: gradient of weight", Rtol, Atol);
        Compare.AssertClose(c.Grads["bias"], parameters["bn.bias"], $"{name}: gradient of bias", Rtol, Atol);
    }

    [Fact]
    public void LayerNormOverTheLastDim()
    {
        var c = OracleCase.Load("conv.json", "layer_norm_last");
        var net = new OracleLayerNorm();
        net.LoadStateDict(new Dictionary<string, Tensor> { ["norm.weight"] = c.Inputs["weight"], ["norm.bias"] = c.Inputs["bias"] });
        var x = c.Inputs["input"].Clone().RequiresGrad_();
        var y = net.Call(x);
        AssertCompiled(net, y);
        Compare.AssertClose(c.Outputs["output"], y, "output", Rtol, Atol);
        Backward(y, c.Inputs["upstream"]);
        Compare.AssertClose(c.Grads["input"], x.Grad!, "gradient of input", Rtol, Atol);
        Compare.AssertClose(c.Grads["weight"], net.NamedParameters().Single(p => p.Name == "norm.weight").Parameter.Grad!, "gradient of weight", Rtol, Atol);
        Compare.AssertClose(c.Grads["bias"], net.NamedParameters().Single(p => p.Name == "norm.bias").Parameter.Grad!, "gradient of bias", Rtol, Atol);
    }

    [Fact]
    public void GlobalAveragePooling()
    {
        var c = OracleCase.Load("conv.json", "adaptive_avg_pool2d_1");
        var input = c.Inputs["input"];
        var net = new OracleAdaptiveAvgPool();
        var x = Rows(input).RequiresGrad_();
        var y = net.Call(x);
        AssertCompiled(net, y);
        Compare.AssertClose(c.Outputs["output"], y, "output", Rtol, Atol);
        Backward(y, c.Inputs["upstream"]);
        Compare.AssertClose(c.Grads["input"], x.Grad!.View(input.Shape.ToArray()), "gradient of input", Rtol, Atol);
    }

    [Theory]
    [InlineData("embedding")]
    [InlineData("embedding_padding_idx")]
    public void Embedding(string name)
    {
        var c = OracleCase.Load("conv.json", name);
        Module net = name == "embedding" ? new OracleEmbedding() : new OracleEmbeddingPadding();
        net.LoadStateDict(new Dictionary<string, Tensor> { ["emb.weight"] = c.Inputs["weight"] });
        var y = net.Call(c.Inputs["input"]);
        AssertCompiled(net, y);
        Compare.AssertClose(c.Outputs["output"], y, $"{name}: output", Rtol, Atol);
        Backward(y, c.Inputs["upstream"]);
        Compare.AssertClose(c.Grads["weight"], net.NamedParameters().Single().Parameter.Grad!, $"{name}: gradient of weight", Rtol, Atol);
    }

    [Fact]
    public void CatAlongDim1()
    {
        var c = OracleCase.Load("conv.json", "cat_dim1");
        var net = new OracleCat();
        var a = Rows(c.Inputs["a"]).RequiresGrad_();
        var b = Rows(c.Inputs["b"]).RequiresGrad_();
        var y = net.Call(a, b);
        AssertCompiled(net, y);
        Compare.AssertClose(c.Outputs["output"], y, "output", Rtol, Atol);
        Backward(y, c.Inputs["upstream"]);
        Compare.AssertClose(c.Grads["a"], a.Grad!.View(c.Inputs["a"].Shape.ToArray()), "gradient of a", Rtol, Atol);
        Compare.AssertClose(c.Grads["b"], b.Grad!.View(c.Inputs["b"].Shape.ToArray()), "gradient of b", Rtol, Atol);
    }

    /// <summary>A [N, ...] tensor as the [N, features] rows a compiled Forward input takes.</summary>
    private static Tensor Rows(Tensor t) => t.Reshape(t.Shape[0], -1).Contiguous().Clone();

    private static void Backward(Tensor y, Tensor upstream) => (y * upstream.View(y.Shape.ToArray())).Sum().Backward();

    private static void AssertCompiled(Module net, Tensor y)
    {
        var node = y.GradFn;
        while (node?.Name is "SqueezeBackward1" or "ViewBackward0" or "ReshapeAlias") node = node.NextFunctions[0];
        Assert.Equal(net.GetType().Name + "Backward", node?.Name);
    }
}
