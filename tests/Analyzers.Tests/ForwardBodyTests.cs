using GraphGen.Analyzers.Tests.Support;

namespace GraphGen.Analyzers.Tests;

/// <summary>GG0409–GG0412: how a module is written (F.Dropout's flag, dims, consecutive Linears, Softmax without dim).</summary>
public class ForwardBodyTests
{
    /// <summary>The runtime's Softmax takes a dim today; a parameterless one (the lecture's <c>nn.Softmax()</c>) comes from another change, so the test declares one.</summary>
    public const string SoftmaxWithOptionalDim = """
        namespace GraphGen.Nn
        {
            public sealed class Softmax
            {
                public Softmax(int? dim = null) { }
            }
        }
        """;

    [Fact]
    public void GG0409_F_Dropout_without_training_is_reported() =>
        AnalyzerRunner.AssertSingle("""
            [Module]
            public partial class Net
            {
                private readonly Linear fc = new Linear(4, 3);

                public Tensor Forward(Tensor x) => [|F.Dropout(fc.Call(x), 0.2)|];
            }
            """, "GG0409", "'F.Dropout(fc.Call(x), 0.2)' has no training argument, so it drops in evaluation too; pass 'training: Training'");

    [Fact]
    public void F_Dropout_with_Training_is_quiet() =>
        AnalyzerRunner.AssertClean(Generator.Tests.Support.Markup.Header + """
            [Module]
            public partial class Net
            {
                private readonly Linear fc = new Linear(4, 3);

                public Tensor Forward(Tensor x) => F.Dropout(fc.Call(x), 0.2, training: Training);
            }
            """);

    [Theory]
    [InlineData("F.Softmax(fc.Call(x), [|0|])", "F.Softmax(fc.Call(x), 0)")]
    [InlineData("F.LogSoftmax(fc.Call(x), dim: [|0|])", "F.LogSoftmax(fc.Call(x), dim: 0)")]
    public void GG0410_Softmax_over_the_batch_is_reported_at_the_dim(string forward, string text) =>
        AnalyzerRunner.AssertSingle($$"""
            [Module]
            public partial class Net
            {
                private readonly Linear fc = new Linear(4, 3);

                public Tensor Forward(Tensor x) => {{forward}};
            }
            """, "GG0410", $"'{text}' works over dim 0, the batch of Forward's [batch, features] input, so it mixes the samples of a batch; use dim: -1 (the features)");

    [Fact]
    public void A_Softmax_layer_over_the_batch_is_reported() =>
        AnalyzerRunner.AssertSingle("""
            [Module]
            public partial class Net
            {
                private readonly Sequential pipe = new Sequential(new Linear(4, 3), new Softmax(dim: [|0|]));

                public Tensor Forward(Tensor x) => pipe.Call(x);
            }
            """, "GG0410", "'new Softmax(dim: 0)' works over dim 0, the batch of Forward's [batch, features] input, so it mixes the samples of a batch; use dim: -1 (the features)");

    [Fact]
    public void GG0411_Two_Linears_in_a_Sequential_are_information() =>
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Info, AnalyzerRunner.AssertSingle("""
            [Module]
            public partial class Net
            {
                private readonly Sequential pipe = new Sequential(new Linear(4, 8), [|new Linear(8, 3)|]);

                public Tensor Forward(Tensor x) => pipe.Call(x);
            }
            """, "GG0411", "Linear 'new Linear(8, 3)' directly follows Linear 'new Linear(4, 8)': two linear maps compose to one, so the pair adds parameters but no expressive power; put an activation between them").Severity);

    [Fact]
    public void Two_Linears_in_Forward_through_a_local_are_information() =>
        AnalyzerRunner.AssertSingle("""
            [Module]
            public partial class Net
            {
                private readonly Linear fc1 = new Linear(4, 8);
                private readonly Linear fc2 = new Linear(8, 3);

                public Tensor Forward(Tensor x)
                {
                    var h = fc1.Call(x);
                    return [|fc2.Call(h)|];
                }
            }
            """, "GG0411", "Linear 'fc2' directly follows Linear 'fc1': two linear maps compose to one, so the pair adds parameters but no expressive power; put an activation between them");

    [Fact]
    public void A_Linear_after_an_activation_is_quiet() =>
        AnalyzerRunner.AssertClean(Generator.Tests.Support.Markup.Header + """
            [Module]
            public partial class Net
            {
                private readonly Linear fc1 = new Linear(4, 8);
                private readonly Linear fc2 = new Linear(8, 3);

                public Tensor Forward(Tensor x) => fc2.Call(F.Relu(fc1.Call(x)));
            }
            """);

    [Fact]
    public void GG0412_Softmax_without_dim_is_reported_at_new() =>
        AnalyzerRunner.AssertSingle("""
            public static class Layers
            {
                public static object Make() => [|new Softmax()|];
            }
            """, "GG0412",
            "'new Softmax()' has no dim: PyTorch's legacy implicit choice (dim 0 for 0-, 1- and 3-D inputs, else 1) depends on the input's rank; write the dim explicitly (dim: -1 is the features of [features] and [batch, features] inputs)",
            SoftmaxWithOptionalDim);
}
