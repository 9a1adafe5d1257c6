using GraphGen.Generator.Tests.Support;

namespace GraphGen.Analyzers.Tests;

/// <summary>The facts the generator publishes on each [Module] for the call-site analyzers.</summary>
public class ModuleFactsTests
{
    private static string Facts(string source) => Compiler.Run(source).File("Demo.Net.Facts.g.cs");

    [Theory]
    [InlineData("", "Logits")]
    [InlineData("new Softmax(dim: 1)", "Probabilities")]
    [InlineData("new Sigmoid()", "SigmoidProbabilities")]
    [InlineData("new LogSoftmax(dim: 1)", "LogProbabilities")]
    [InlineData("new Softmax(dim: 1), new Dropout(0.1)", "Probabilities")]
    public void Output_is_the_last_op_looking_through_dropout(string last, string output) =>
        Assert.Contains($"Output = global::GraphGen.ModuleOutput.{output}, OutputFeatures = 3,", Facts(Modules.EndingIn(last)));

    [Fact]
    public void Dropout_is_published()
    {
        Assert.Contains("HasDropout = true", Facts(Modules.WithDropout));
        Assert.Contains("HasDropout = false", Facts(Modules.Softmax));
    }

    [Fact]
    public void Constructor_parameter_constraints_are_published_with_their_message()
    {
        string facts = Compiler.Run(Modules.Constrained).File("Demo.Block.Facts.g.cs");
        Assert.Contains("""Constraints = new string[] { "hidden == 8: GG0101: Linear 'fc2' expects 8 input features but 'fc1' produces [B, {hidden}]" }""", facts);
    }

    [Fact]
    public void The_attribute_is_on_the_class_the_analyzers_see()
    {
        var outcome = Compiler.Run(Modules.Softmax);
        var type = outcome.Output.GetTypeByMetadataName("Demo.Net")!;
        Assert.Contains(type.GetAttributes(), a => a.AttributeClass?.Name == "ModuleFactsAttribute");
    }
}
