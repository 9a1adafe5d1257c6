using GraphGen.Tests.Oracle;

namespace GraphGen.Tests;

/// <summary>Every case of Oracle/ops.json (libtorch 2.10): outputs and gradients within float32 tolerance.</summary>
public class OracleOpsTests
{
    public static IEnumerable<object[]> Cases => OracleFile.CaseNames("ops.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesLibtorch(string caseName)
    {
        var c = OracleFile.Load("ops.json")[caseName];
        c.AssertMatches(inputs => Run(c, inputs));
    }

    [Fact]
    public void FileHasEveryOpFamily()
    {
        // Guards against an emptied or truncated data file making the theory vacuous.
        var ops = OracleFile.Load("ops.json").Cases.Select(c => c.Op).ToHashSet();
        Assert.Equal(54, OracleFile.Load("ops.json").Cases.Count);
        Assert.Superset(new HashSet<string> { "torch.add", "torch.matmul", "torch.sum", "torch.max", "torch.flatten" }, ops);
    }

    /// <summary>Maps a PyTorch op name and its args to the GraphGen call.</summary>
    private static Tensor[] Run(OracleCase c, IReadOnlyDictionary<string, Tensor> x)
    {
        switch (c.Op)
        {
            case "torch.add": return [x["a"] + x["b"]];
            case "torch.sub": return [x["a"] - x["b"]];
            case "torch.mul": return [x["a"] * x["b"]];
            case "torch.div": return [x["a"] / x["b"]];
            case "torch.sum":
                return [c.HasArg("dim") ? x["input"].Sum(c.IntArg("dim"), c.BoolArg("keepdim")) : x["input"].Sum()];
            case "torch.mean":
                return [c.HasArg("dim") ? x["input"].Mean(c.IntArg("dim"), c.BoolArg("keepdim")) : x["input"].Mean()];
            case "torch.max":
                if (!c.HasArg("dim")) return [x["input"].Max()];
                var (values, indices) = x["input"].Max(c.IntArg("dim"), c.BoolArg("keepdim"));
                return [values, indices];
            case "torch.argmax":
                return [c.HasArg("dim") ? x["input"].ArgMax(c.IntArg("dim"), c.BoolArg("keepdim")) : x["input"].ArgMax()];
            case "torch.matmul":
                var a = x["a"];
                var b = x["b"];
                if (c.HasArg("transpose"))
                {
                    if (c.StringArg("transpose") == "a") a = a.T;
                    else b = b.T;
                }
                return [a.MatMul(b)];
            case "torch.transpose": return [x["input"].Transpose(c.IntArg("dim0"), c.IntArg("dim1"))];
            case "torch.pow": return [x["input"].Pow(c.DoubleArg("exponent"))];
            case "torch.exp": return [x["input"].Exp()];
            case "torch.log": return [x["input"].Log()];
            case "torch.neg": return [x["input"].Neg()];
            case "torch.reshape": return [x["input"].Reshape(c.IntArrayArg("shape"))];
            case "torch.Tensor.view": return [x["input"].View(c.IntArrayArg("shape"))];
            case "torch.flatten": return [x["input"].Flatten(c.IntArg("start_dim"), c.IntArg("end_dim"))];
            default: throw new NotSupportedException($"Oracle op '{c.Op}' (case {c.Name}) has no GraphGen mapping.");
        }
    }
}
