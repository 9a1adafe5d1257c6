using GraphGen.Analyzers.Tests.Support;

namespace GraphGen.Analyzers.Tests;

/// <summary>GG0401/GG0402: the kind of output a loss is fed.</summary>
public class LossInputTests
{
    private static string Train(string lossCall) => $$"""
        public static class Training
        {
            public static Tensor Loss(Net net, Tensor x, Tensor y)
            {
                var output = net.Call(x);
                {{lossCall}}
            }
        }
        """;

    [Fact]
    public void GG0401_Softmax_into_CrossEntropyLoss_is_reported_at_the_input() =>
        AnalyzerRunner.AssertSingle(Train("return new CrossEntropyLoss().Call([|output|], y);"), "GG0401",
            "CrossEntropyLoss expects logits, but 'Net' ends in Softmax and returns probabilities; remove the final Softmax (CrossEntropyLoss applies LogSoftmax itself)",
            Modules.Softmax);

    [Fact]
    public void GG0401_Softmax_into_F_CrossEntropy_directly_is_reported() =>
        AnalyzerRunner.AssertSingle(Train("return F.CrossEntropy([|net.Call(x)|], y);"), "GG0401",
            "F.CrossEntropy expects logits, but 'Net' ends in Softmax and returns probabilities; remove the final Softmax (F.CrossEntropy applies LogSoftmax itself)",
            Modules.Softmax);

    [Fact]
    public void GG0401_Sigmoid_into_BCEWithLogitsLoss_is_reported() =>
        AnalyzerRunner.AssertSingle(Train("var criterion = new BCEWithLogitsLoss();\n        return criterion.Call([|output|], y);"), "GG0401",
            "BCEWithLogitsLoss expects logits, but 'Net' ends in Sigmoid and returns probabilities (0 to 1); remove the final Sigmoid, or use BCELoss",
            Modules.Sigmoid);

    [Fact]
    public void GG0401_Probabilities_into_NLLLoss_are_reported() =>
        AnalyzerRunner.AssertSingle(Train("return new NLLLoss().Call([|output|], y);"), "GG0401",
            "NLLLoss expects log-probabilities, but 'Net' ends in Softmax and returns probabilities; end the module in LogSoftmax instead of Softmax",
            Modules.Softmax);

    [Fact]
    public void GG0402_LogSoftmax_into_CrossEntropy_is_information() =>
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Info, AnalyzerRunner.AssertSingle(Train("return F.CrossEntropy([|output|], y);"), "GG0402",
            "F.CrossEntropy applies LogSoftmax itself, and 'Net' already ends in LogSoftmax: the loss is right (LogSoftmax of log-probabilities changes nothing) but computed twice; NLLLoss is the loss for log-probabilities",
            Modules.LogSoftmax).Severity);

    [Theory]
    [InlineData("return new CrossEntropyLoss().Call(output, y);", "Logits")]
    [InlineData("return new NLLLoss().Call(output, y);", "LogSoftmax")]
    [InlineData("return new BCELoss().Call(output, y);", "Sigmoid")]
    [InlineData("return F.MseLoss(output, y);", "Softmax")]
    public void Matching_losses_are_quiet(string lossCall, string module)
    {
        string source = module switch
        {
            "Logits" => Modules.Logits,
            "LogSoftmax" => Modules.LogSoftmax,
            "Sigmoid" => Modules.Sigmoid,
            _ => Modules.Softmax,
        };
        AnalyzerRunner.AssertClean(Generator.Tests.Support.Markup.Header + Train(lossCall), source);
    }
}
