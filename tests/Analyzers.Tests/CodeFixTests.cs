using GraphGen.Analyzers.Tests.Support;
using GraphGen.CodeFixes;
using GraphGen.Generator.Tests.Support;

namespace GraphGen.Analyzers.Tests;

/// <summary>Each code fix, before → after.</summary>
public class CodeFixTests
{
    private const string LossBefore = """
        public static class Training
        {
            public static Tensor Loss(Net net, Tensor x, Tensor y) => new CrossEntropyLoss().Call(net.Call(x), y);
        }
        """;

    [Fact]
    public Task Removes_the_final_Softmax_in_the_module_file() =>
        CodeFixRunner.AssertFix(new LossInputCodeFix(), "GG0401", "Remove the module's final activation",
            new[] { Markup.Header + LossBefore, Modules.Softmax },
            new[] { Markup.Header + LossBefore, Modules.Logits });

    [Fact]
    public Task Removes_a_returned_F_Softmax() =>
        CodeFixRunner.AssertFix(new LossInputCodeFix(), "GG0401", "Remove the module's final activation",
            new[] { Markup.Header + LossBefore, Markup.Header + "[Module]\npublic partial class Net\n{\n    private readonly Linear fc = new Linear(4, 3);\n\n    public Tensor Forward(Tensor x) => F.Softmax(fc.Call(x), 1);\n}\n" },
            new[] { Markup.Header + LossBefore, Markup.Header + "[Module]\npublic partial class Net\n{\n    private readonly Linear fc = new Linear(4, 3);\n\n    public Tensor Forward(Tensor x) => fc.Call(x);\n}\n" });

    [Fact]
    public Task Turns_Softmax_into_LogSoftmax_for_NLLLoss()
    {
        string nll = LossBefore.Replace("CrossEntropyLoss", "NLLLoss");
        return CodeFixRunner.AssertFix(new LossInputCodeFix(), "GG0401", "End the module in LogSoftmax",
            new[] { Markup.Header + nll, Modules.Softmax },
            new[] { Markup.Header + nll, Modules.LogSoftmax });
    }

    [Fact]
    public Task Switches_BCEWithLogitsLoss_to_BCELoss()
    {
        const string before = """
            public static class Training
            {
                public static Tensor Loss(Net net, Tensor x, Tensor y)
                {
                    var criterion = new BCEWithLogitsLoss();
                    return criterion.Call(net.Call(x), y);
                }
            }
            """;
        return CodeFixRunner.AssertFix(new LossInputCodeFix(), "GG0401", "Use BCELoss",
            new[] { Markup.Header + before, Modules.Sigmoid },
            new[] { Markup.Header + before.Replace("new BCEWithLogitsLoss()", "new BCELoss()"), Modules.Sigmoid });
    }

    private static string Loop(string body) => $$"""
        public static class Training
        {
            public static void Run(Net net, GraphGen.Optim.SGD optimizer, Tensor x, Tensor y)
            {
                for (int epoch = 0; epoch < 10; epoch++)
                {
        {{body}}
                }
            }
        }
        """;

    private const string Forward = "            var loss = F.CrossEntropy(net.Call(x), y);\n";

    [Fact]
    public Task Inserts_ZeroGrad_before_Backward() =>
        CodeFixRunner.AssertFix(new ZeroGradCodeFix(), "GG0403", "Call optimizer.ZeroGrad()",
            new[] { Markup.Header + Loop(Forward + "            loss.Backward();\n            optimizer.Step();"), Modules.Logits },
            new[] { Markup.Header + Loop(Forward + "            optimizer.ZeroGrad();\n            loss.Backward();\n            optimizer.Step();"), Modules.Logits });

    [Fact]
    public Task Moves_ZeroGrad_from_before_Step_to_before_Backward() =>
        CodeFixRunner.AssertFix(new ZeroGradCodeFix(), "GG0404", "Move ZeroGrad before Backward",
            new[] { Markup.Header + Loop(Forward + "            loss.Backward();\n            optimizer.ZeroGrad();\n            optimizer.Step();"), Modules.Logits },
            new[] { Markup.Header + Loop(Forward + "            optimizer.ZeroGrad();\n            loss.Backward();\n            optimizer.Step();"), Modules.Logits });

    private static string Evaluate(string before, string after) => $$"""
        public static class Evaluation
        {
            public static void Run(Tensor x)
            {
                var net = new Net();
                for (int epoch = 0; epoch < 3; epoch++)
                {
        {{before}}            using (Autograd.NoGrad())
                    {
                        net.Call(x);
                    }
        {{after}}        }
            }
        }
        """;

    [Fact]
    public Task Inserts_Eval_before_and_Train_after_an_evaluation_in_a_loop() =>
        CodeFixRunner.AssertFix(new EvalModeCodeFix(), "GG0405", "Call net.Eval() before evaluating and net.Train() after",
            new[] { Markup.Header + Evaluate("", ""), Modules.WithDropout },
            new[] { Markup.Header + Evaluate("            net.Eval();\n", "            net.Train();\n"), Modules.WithDropout });

    [Fact]
    public Task Forward_becomes_Call() =>
        CodeFixRunner.AssertFix(new ForwardToCallCodeFix(), "GG0407", "Call the compiled code",
            new[] { Markup.Header + "public static class Use\n{\n    public static Tensor Run(Net net, Tensor x) => net.Forward(x);\n}\n", Modules.Logits },
            new[] { Markup.Header + "public static class Use\n{\n    public static Tensor Run(Net net, Tensor x) => net.Call(x);\n}\n", Modules.Logits });

    private static string DropoutModule(string dropout) =>
        $"[Module]\npublic partial class Net\n{{\n    private readonly Linear fc = new Linear(4, 3);\n\n    public Tensor Forward(Tensor x) => {dropout};\n}}\n";

    [Fact]
    public Task Adds_Training_to_F_Dropout() =>
        CodeFixRunner.AssertFix(new DropoutTrainingCodeFix(), "GG0409", "Pass training: Training",
            DropoutModule("F.Dropout(fc.Call(x), 0.2)"), DropoutModule("F.Dropout(fc.Call(x), 0.2, training: Training)"));

    [Fact]
    public Task Replaces_a_batch_dim_with_the_features() =>
        CodeFixRunner.AssertFix(new DimCodeFix(), "GG0410", "Use dim: -1",
            DropoutModule("F.Softmax(fc.Call(x), 0)"), DropoutModule("F.Softmax(fc.Call(x), -1)"));

    [Fact]
    public Task Writes_the_implicit_Softmax_dim() =>
        CodeFixRunner.AssertFix(new DimCodeFix(), "GG0412", "Use dim: -1",
            new[] { Markup.Header + "public static class Layers\n{\n    public static object Make() => new Softmax();\n}\n", ForwardBodyTests.SoftmaxWithOptionalDim },
            new[] { Markup.Header + "public static class Layers\n{\n    public static object Make() => new Softmax(dim: -1);\n}\n", ForwardBodyTests.SoftmaxWithOptionalDim });
}
