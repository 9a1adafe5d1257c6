using GraphGen.Analyzers.Tests.Support;

namespace GraphGen.Analyzers.Tests;

/// <summary>GG0403/GG0404 and GG0408: the training loop and where the optimizer is created.</summary>
public class TrainingLoopTests
{
    private static string Loop(string body) => $$"""
        public static class Training
        {
            public static void Run(Tensor x, Tensor y)
            {
                var net = new Net();
                var optimizer = new GraphGen.Optim.SGD(net.Parameters(), lr: 0.1);
                var lossFn = new CrossEntropyLoss();
                for (int epoch = 0; epoch < 10; epoch++)
                {
        {{body}}
                }
            }
        }
        """;

    public const string CleanLoop = """
                    optimizer.ZeroGrad();
                    var loss = lossFn.Call(net.Call(x), y);
                    loss.Backward();
                    optimizer.Step();
        """;

    [Fact]
    public void A_clean_training_loop_is_quiet() =>
        AnalyzerRunner.AssertClean(Generator.Tests.Support.Markup.Header + Loop(CleanLoop), Modules.Logits);

    [Fact]
    public void ZeroGrad_after_Step_is_quiet() =>
        AnalyzerRunner.AssertClean(Generator.Tests.Support.Markup.Header + Loop("""
                    var loss = lossFn.Call(net.Call(x), y);
                    loss.Backward();
                    optimizer.Step();
                    net.ZeroGrad();
        """), Modules.Logits);

    [Fact]
    public void GG0403_A_loop_without_ZeroGrad_is_reported_at_Step() =>
        AnalyzerRunner.AssertSingle(Loop("""
                    var loss = lossFn.Call(net.Call(x), y);
                    loss.Backward();
                    [|optimizer.Step()|];
        """), "GG0403",
            "The loop calls Backward and 'optimizer.Step()' but never ZeroGrad, so each step adds its gradients to all earlier ones; call 'optimizer.ZeroGrad()' before Backward",
            Modules.Logits);

    [Fact]
    public void GG0404_ZeroGrad_between_Backward_and_Step_is_reported() =>
        AnalyzerRunner.AssertSingle(Loop("""
                    var loss = lossFn.Call(net.Call(x), y);
                    loss.Backward();
                    [|optimizer.ZeroGrad()|];
                    optimizer.Step();
        """), "GG0404",
            "'optimizer.ZeroGrad()' runs after Backward and before 'optimizer.Step()': it erases the gradients Step is about to use; call it before Backward",
            Modules.Logits);

    [Fact]
    public void GG0408_An_optimizer_created_before_To_is_reported() =>
        AnalyzerRunner.AssertSingle("""
            public static class Setup
            {
                public static GraphGen.Optim.SGD Run()
                {
                    var net = new Net();
                    var optimizer = [|new GraphGen.Optim.SGD(net.Parameters(), lr: 0.1)|];
                    net.To(Device.Cuda());
                    return optimizer;
                }
            }
            """, "GG0408",
            "The optimizer is created from 'net's parameters before 'net.To(Device.Cuda())' replaces them, so it would update tensors the module no longer uses; call 'net.To(Device.Cuda())' first, then create the optimizer",
            Modules.Logits);

    [Fact]
    public void An_optimizer_created_after_To_is_quiet() =>
        AnalyzerRunner.AssertClean(Generator.Tests.Support.Markup.Header + """
            public static class Setup
            {
                public static GraphGen.Optim.SGD Run()
                {
                    var net = new Net();
                    net.To(Device.Cuda());
                    return new GraphGen.Optim.SGD(net.Parameters(), lr: 0.1);
                }
            }
            """, Modules.Logits);
}
