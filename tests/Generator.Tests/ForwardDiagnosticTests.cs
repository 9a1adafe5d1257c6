using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Tests.Support;

namespace GraphGen.Generator.Tests;

/// <summary>
/// The diagnostics of the Forward forms added for issue #4 (sizes in View/Reshape, pipe[i], Tensor fields,
/// int locals): each names what is wrong and what is allowed, on the exact span (ID, message, span).
/// </summary>
public class ForwardDiagnosticTests
{
    private static readonly string Allowed = DiagnosticDescriptors.AllowedInForward;

    [Fact]
    public void GG0105_ElementCountsProvablyDifferNextToTheBatch() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(3, 20);
            public Tensor Forward(Tensor x)
            {
                var h = fc.Call(x);
                return [|h.View(h.Size(0), 7)|];
            }
        }
        """, "GG0105", "'h.View(h.Size(0), 7)' cannot view a tensor of shape [B, 20] as (B, 7): the element counts differ (20*B vs 7*B)");

    [Fact]
    public void AMinusOneSplittingUnknownFeaturesIsASizeComputedAtRunTime()
    {
        // Once GG0105 ("a guess the generator does not make"); now -1 is x.features/4, as PyTorch computes it, checked on each call.
        var outcome = Compiler.Run(Markup.Header + """
            [Module]
            public partial class Net
            {
                private readonly Linear fc = new(4, 2);
                public Tensor Forward(Tensor x) => fc.Call(x.View(x.Size(0), -1, 4)).Sum(1);
            }
            """);
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.True(outcome.CompileErrors.IsEmpty, string.Join("\n", outcome.CompileErrors));
        string cpu = outcome.File("Demo.Net.Cpu.g.cs");
        Assert.Contains("View(B, -1, 4)  [B, (x.features/4), 4]", cpu);
        Assert.Contains("if (x_features != 4 * x_features_over_4)", outcome.File("Demo.Net.Call.g.cs"));
    }

    [Fact]
    public void GG0106_SizeOfADimTheTensorLacks() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(3, 20);
            public Tensor Forward(Tensor x)
            {
                var h = fc.Call(x);
                return h.View([|h.Size(2)|], -1);
            }
        }
        """, "GG0106", "'h.Size(2)' uses dim 2, which is out of range for its input of shape [B, 20] (rank 2 allows dim -2 to 1)");

    [Fact]
    public void GG0204_SizeAsAScalarOperand() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(4, 4);
            public Tensor Forward(Tensor x) => fc.Call(x) / [|x.Size(1)|];
        }
        """, "GG0204", "fc.Call(x) / x.Size(1): argument 'scalar operand' decides a shape and must be a compile-time constant, but 'x.Size(1)' is not");

    [Fact]
    public void GG0202_SizeArithmeticOtherThanProducts() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(16, 2);
            public Tensor Forward(Tensor x) => fc.Call(x.View([|x.Size(0) + 1|], -1));
        }
        """, "GG0202", $"'x.Size(0) + 1' is not supported in Forward: a size in Forward is a constant, x.Size(d) or x.Shape[d] (d a constant, x an input or a local of Forward), or a product of those. {Allowed}.");

    [Fact]
    public void GG0202_SizeOfAnExpression() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(16, 16);
            public Tensor Forward(Tensor x) => fc.Call(x).View([|fc.Call(x).Size(0)|], -1);
        }
        """, "GG0202", $"'fc.Call(x).Size(0)' is not supported in Forward: sizes are read from an input or a local of Forward (store the tensor in a local first). {Allowed}.");

    [Fact]
    public void GG0202_SizeOfANonConstantDim() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(16, 16);
            private readonly int dim = 0;
            public Tensor Forward(Tensor x) => fc.Call(x.View(x.Size([|dim|]), -1));
        }
        """, "GG0202", $"'dim' is not supported in Forward: the dimension whose size is read must be a constant. {Allowed}.");

    [Fact]
    public void GG0202_TensorFieldSaysWhatToWriteInstead() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(4, 4);
            private readonly Tensor scale = Tensor.Ones(4);
            public Tensor Forward(Tensor x) => fc.Call(x) * [|scale|];
        }
        """, "GG0202", $"'scale' is not supported in Forward: the Tensor field 'scale' is not part of the compiled graph; a learnable weight belongs in a layer (a Linear, or a [Module] child), a fixed factor can be a constant (x * 0.5f). {Allowed}.");

    [Fact]
    public void GG0202_LayerParameterReadDirectly() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(4, 4);
            public Tensor Forward(Tensor x) => fc.Call(x) + [|fc.Bias|];
        }
        """, "GG0202", $"'fc.Bias' is not supported in Forward: a layer's parameters are used by calling the layer (fc.Call(x)), not read in Forward. {Allowed}.");

    [Fact]
    public void GG0202_SequentialIndexOutOfRange() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Sequential pipe = new(new Linear(4, 8), new ReLU());
            public Tensor Forward(Tensor x) => [|pipe[-3].Call(x)|];
        }
        """, "GG0202", $"'pipe[-3].Call(x)' is not supported in Forward: index -3 is out of range for the Sequential 'pipe' of 2 layers. {Allowed}.");

    [Fact]
    public void GG0202_SequentialIndexNotConstant() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Sequential pipe = new(new Linear(4, 4), new ReLU());
            private readonly int layer = 1;
            public Tensor Forward(Tensor x) => pipe[[|layer|]].Call(x);
        }
        """, "GG0202", $"'layer' is not supported in Forward: a Sequential's layer is picked with a constant index (pipe[0].Call(x)). {Allowed}.");

    [Fact]
    public void GG0202_IndexingALayerThatIsNotASequential() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Sequential pipe = new(new Linear(4, 4), new ReLU());
            public Tensor Forward(Tensor x) => [|((Sequential)pipe[0])[0].Call(x)|];
        }
        """, "GG0202", $"'((Sequential)pipe[0])[0].Call(x)' is not supported in Forward: 'pipe.0' is a Linear, not a Sequential, so it cannot be indexed. {Allowed}.");

    [Fact]
    public void GG0202_LayerAsAProperty() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private Linear Head { get; } = new(4, 2);
            public Tensor Forward(Tensor x) => [|Head.Call(x)|];
        }
        """, "GG0202", $"'Head.Call(x)' is not supported in Forward: the layer 'Head' is a property; declare layers as fields (private readonly Linear head = new(..)) so that they are registered and compiled. {Allowed}.");

    [Fact]
    public void GG0201_LocalOfAnotherKind() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(4, 4);
            private static int Rows(Tensor t) => t.Size(0);
            public Tensor Forward(Tensor x)
            {
                int [|rows = Rows(x)|];
                return fc.Call(x);
            }
        }
        """, "GG0201", $"The int local 'rows' (only Tensor locals, int locals holding a size such as x.Size(0) or a constant, and locals naming a layer such as pipe[0], are) is not supported in Forward. {Allowed}.");
}
