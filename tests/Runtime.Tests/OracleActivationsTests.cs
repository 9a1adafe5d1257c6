using GraphGen.Tests.Oracle;

namespace GraphGen.Tests;

/// <summary>Every case of Oracle/activations.json (libtorch 2.10): outputs and gradients within float32 tolerance.</summary>
public class OracleActivationsTests
{
    public static IEnumerable<object[]> Cases => OracleFile.CaseNames("activations.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesLibtorch(string caseName)
    {
        var c = OracleFile.Load("activations.json")[caseName];
        c.AssertMatches(inputs => [Run(c, inputs["input"])]);
    }

    [Fact]
    public void FileHasEveryActivation()
    {
        var file = OracleFile.Load("activations.json");
        Assert.Equal(32, file.Cases.Count);
        Assert.Contains(file.Cases, c => c.Op == "torch.nn.functional.elu");
        Assert.Contains(file.Cases, c => c.Op == "torch.nn.functional.dropout");
    }

    /// <summary>Maps a PyTorch op name and its args to the GraphGen call.</summary>
    private static Tensor Run(OracleCase c, Tensor input) => c.Op switch
    {
        "torch.nn.functional.relu" => input.Relu(),
        "torch.sigmoid" => input.Sigmoid(),
        "torch.tanh" => input.Tanh(),
        "torch.nn.functional.softmax" => input.Softmax(c.IntArg("dim")),
        "torch.nn.functional.log_softmax" => input.LogSoftmax(c.IntArg("dim")),
        "torch.nn.functional.leaky_relu" => input.LeakyRelu(c.DoubleArg("negative_slope")),
        "torch.nn.functional.gelu" => input.Gelu(c.StringArg("approximate")),
        "torch.nn.functional.elu" => input.Elu(c.DoubleArg("alpha")),
        "torch.nn.functional.dropout" => input.Dropout(c.DoubleArg("p"), c.BoolArg("training")),
        _ => throw new NotSupportedException($"Oracle op '{c.Op}' (case {c.Name}) has no GraphGen mapping."),
    };
}
