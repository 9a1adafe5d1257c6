using GraphGen.Analyzers.Tests.Support;

namespace GraphGen.Analyzers.Tests;

/// <summary>GG0405: evaluation under NoGrad of a module with Dropout that was not put in Eval().</summary>
public class EvaluationModeTests
{
    private static string Evaluate(string before, string call = "net.Call(x)") => $$"""
        public static class Evaluation
        {
            public static Tensor Run(Tensor x)
            {
                var net = new Net();
                {{before}}
                using (Autograd.NoGrad())
                {
                    return {{call}};
                }
            }
        }
        """;

    [Fact]
    public void GG0405_Evaluating_without_Eval_is_reported_at_the_call() =>
        AnalyzerRunner.AssertSingle(Evaluate("", "[|net.Call(x)|]"), "GG0405",
            "'net' (Net) is called under Autograd.NoGrad() but was not put in evaluation mode on this path, so its Dropout still drops; call 'net.Eval()' first",
            Modules.WithDropout);

    [Fact]
    public void Train_after_Eval_is_reported() =>
        AnalyzerRunner.AssertSingle(Evaluate("net.Eval();\n        net.Train();", "[|net.Call(x)|]"), "GG0405",
            "'net' (Net) is called under Autograd.NoGrad() but was not put in evaluation mode on this path, so its Dropout still drops; call 'net.Eval()' first",
            Modules.WithDropout);

    [Theory]
    [InlineData("net.Eval();")]
    [InlineData("net.Train(false);")]
    public void Evaluation_after_Eval_is_quiet(string mode) =>
        AnalyzerRunner.AssertClean(Generator.Tests.Support.Markup.Header + Evaluate(mode), Modules.WithDropout);

    [Fact]
    public void A_module_without_Dropout_is_quiet() =>
        AnalyzerRunner.AssertClean(Generator.Tests.Support.Markup.Header + Evaluate(""), Modules.Logits);

    [Fact]
    public void A_using_declaration_counts_to_the_end_of_its_block() =>
        AnalyzerRunner.AssertSingle("""
            public static class Evaluation
            {
                public static Tensor Run(Tensor x)
                {
                    var net = new Net();
                    using var noGrad = Autograd.NoGrad();
                    return [|net.Call(x)|];
                }
            }
            """, "GG0405",
            "'net' (Net) is called under Autograd.NoGrad() but was not put in evaluation mode on this path, so its Dropout still drops; call 'net.Eval()' first",
            Modules.WithDropout);

    [Fact]
    public void A_module_parameter_is_its_callers_business() =>
        AnalyzerRunner.AssertClean(Generator.Tests.Support.Markup.Header + """
            public static class Evaluation
            {
                public static Tensor Run(Net net, Tensor x)
                {
                    using (Autograd.NoGrad()) return net.Call(x);
                }
            }
            """, Modules.WithDropout);
}
