using GraphGen.Analyzers.Tests.Support;

namespace GraphGen.Analyzers.Tests;

/// <summary>GG0406 constant constructor arguments against the published constraints; GG0407 Forward called from outside.</summary>
public class ModuleUseTests
{
    private const string BreakMessage =
        "'new Block(...)' would throw when first used: GG0101: Linear 'fc2' expects 8 input features but 'fc1' produces [B, 5]";

    [Fact]
    public void GG0406_Constant_arguments_that_break_a_constraint_are_reported_at_new() =>
        AnalyzerRunner.AssertSingle("""
            public static class Setup
            {
                public static Block Make() => [|new Block(4, 5)|];
            }
            """, "GG0406", BreakMessage, Modules.Constrained);

    [Fact]
    public void Named_arguments_are_read_by_parameter() =>
        AnalyzerRunner.AssertSingle("""
            public static class Setup
            {
                public static Block Make() => [|new Block(hidden: 5, inputs: 4)|];
            }
            """, "GG0406", BreakMessage, Modules.Constrained);

    [Theory]
    [InlineData("new Block(4, 8)")]
    [InlineData("new Block(4, hidden)")]
    public void Correct_or_unknown_arguments_are_quiet(string creation) =>
        AnalyzerRunner.AssertClean(Generator.Tests.Support.Markup.Header + $$"""
            public static class Setup
            {
                public static Block Make(int hidden) => {{creation}};
            }
            """, Modules.Constrained);

    [Fact]
    public void A_childs_constraint_is_seen_from_its_parent() =>
        AnalyzerRunner.AssertSingle("""
            [Module]
            public partial class Parent
            {
                private readonly Block block;

                public Parent(int width) => block = new Block(4, width);

                public Tensor Forward(Tensor x) => block.Call(x);
            }

            public static class Setup
            {
                public static Parent Make() => [|new Parent(5)|];
            }
            """, "GG0406",
            "'new Parent(...)' would throw when first used: GG0101: Linear 'block.fc2' expects 8 input features but 'block.fc1' produces [B, 5]",
            Modules.Constrained);

    [Fact]
    public void A_child_created_with_constants_in_a_module_is_left_to_the_generator()
    {
        var (_, diagnostics) = AnalyzerRunner.Run(Generator.Tests.Support.Markup.Header + """
            [Module]
            public partial class Parent
            {
                private readonly Block block = new Block(4, 5);

                public Tensor Forward(Tensor x) => block.Call(x);
            }
            """, Modules.Constrained);
        Assert.Contains(diagnostics, d => d.Id == "GG0101");
        Assert.DoesNotContain(diagnostics, d => d.Id == "GG0406");
    }

    [Fact]
    public void GG0407_Forward_from_outside_is_reported_on_its_name() =>
        AnalyzerRunner.AssertSingle("""
            public static class Use
            {
                public static Tensor Run(Net net, Tensor x) => net.[|Forward|](x);
            }
            """, "GG0407",
            "'net.Forward' runs the eager reference implementation of Net, not its compiled code (and skips train/eval hooks); call 'net.Call'",
            Modules.Logits);

    [Fact]
    public void Forward_inside_a_module_is_quiet() =>
        AnalyzerRunner.AssertClean(Generator.Tests.Support.Markup.Header + """
            [Module]
            public partial class Outer
            {
                private readonly Net inner = new Net();

                public Tensor Forward(Tensor x) => inner.Forward(x);
            }
            """, Modules.Logits);
}
