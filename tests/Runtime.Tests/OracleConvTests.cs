using GraphGen.Nn;
using GraphGen.Tests.Oracle;

namespace GraphGen.Tests;

/// <summary>
/// Every case of Oracle/conv.json (libtorch 2.10, ATen's native convolution): convolutions, pools, batch norm with its
/// running statistics, layer norm, embedding, cat and a LeNet-style net's loss, outputs and gradients.
/// </summary>
public class OracleConvTests
{
    public static IEnumerable<object[]> Cases => OracleFile.CaseNames("conv.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesLibtorch(string caseName)
    {
        var c = OracleFile.Load("conv.json")[caseName];
        // The LeNet loss reduces through two convolutions and a 24-wide GEMM: a little looser, as the README allows.
        double rtol = c.Op == "lenet" ? 2e-5 : 1e-5, atol = c.Op == "lenet" ? 2e-6 : 1e-6;
        c.AssertMatches(inputs => Run(c, inputs), rtol, atol);
    }

    [Fact]
    public void FileHasEveryCase()
    {
        // Guards against an emptied or truncated data file making the theory vacuous.
        var file = OracleFile.Load("conv.json");
        Assert.Equal(21, file.Cases.Count);
        Assert.Superset(new HashSet<string> { "torch.nn.functional.conv2d", "torch.nn.functional.batch_norm", "lenet" }, file.Cases.Select(c => c.Op).ToHashSet());
    }

    private static Size2D Pair(OracleCase c, string name)
    {
        var v = c.IntArrayArg(name);
        return (v[0], v[1]);
    }

    /// <summary>Maps a PyTorch op name and its args to the GraphGen call.</summary>
    private static Tensor[] Run(OracleCase c, IReadOnlyDictionary<string, Tensor> x)
    {
        Tensor? Optional(string name) => x.TryGetValue(name, out var t) ? t : null;
        switch (c.Op)
        {
            case "torch.nn.functional.conv2d":
                return [F.Conv2d(x["input"], x["weight"], Optional("bias"), Pair(c, "stride"), Pair(c, "padding"), Pair(c, "dilation"), c.IntArg("groups"))];
            case "torch.nn.functional.conv1d":
                return [F.Conv1d(x["input"], x["weight"], Optional("bias"), c.IntArrayArg("stride")[0], c.IntArrayArg("padding")[0], c.IntArrayArg("dilation")[0], c.IntArg("groups"))];
            case "torch.nn.functional.max_pool2d":
                return [F.MaxPool2d(x["input"], Pair(c, "kernel_size"), Pair(c, "stride"), Pair(c, "padding"), Pair(c, "dilation"), c.BoolArg("ceil_mode"))];
            case "torch.nn.functional.avg_pool2d":
                return [F.AvgPool2d(x["input"], Pair(c, "kernel_size"), Pair(c, "stride"), Pair(c, "padding"), c.BoolArg("ceil_mode"), c.BoolArg("count_include_pad"))];
            case "torch.nn.functional.adaptive_avg_pool2d":
                return [F.AdaptiveAvgPool2d(x["input"], Pair(c, "output_size"))];
            case "torch.nn.functional.batch_norm":
                var output = F.BatchNorm(x["input"], x["running_mean"], x["running_var"], x["weight"], x["bias"],
                    c.BoolArg("training"), c.DoubleArg("momentum"), c.DoubleArg("eps"));
                return [output, x["running_mean"], x["running_var"]];
            case "torch.nn.functional.layer_norm":
                return [F.LayerNorm(x["input"], c.IntArrayArg("normalized_shape"), x["weight"], x["bias"], c.DoubleArg("eps"))];
            case "torch.nn.functional.embedding":
                return [F.Embedding(x["input"], x["weight"], c.HasArg("padding_idx") ? c.IntArg("padding_idx") : null)];
            case "torch.cat":
                return [Tensor.Cat([x["a"], x["b"]], c.IntArg("dim"))];
            case "lenet":
                var h = F.Conv2d(x["input"], x["conv1.weight"], x["conv1.bias"], padding: 1).Relu();
                h = F.MaxPool2d(h, kernelSize: 2);
                h = F.Conv2d(h, x["conv2.weight"], x["conv2.bias"]).Relu().Flatten(1);
                var logits = F.Linear(h, x["fc.weight"], x["fc.bias"]);
                return [F.CrossEntropy(logits, x["target"]), logits];
            default:
                throw new NotSupportedException($"conv.json op {c.Op} has no mapping in this test.");
        }
    }
}
