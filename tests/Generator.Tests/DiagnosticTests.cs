using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace GraphGen.Generator.Tests;

/// <summary>One test per diagnostic: its ID, its message (naming the layers and shapes) and its exact span.</summary>
public class DiagnosticTests
{
    private static readonly string Allowed = DiagnosticDescriptors.AllowedInForward;

    // ------------------------------------------------------------------ declaration misuse

    [Fact]
    public void GG0001_ClassNotPartial() => Markup.AssertSingle("""
        [Module]
        public class [|Net|]
        {
            private readonly Linear fc = new(2, 3);
            public Tensor Forward(Tensor x) => fc.Call(x);
        }
        """, "GG0001", "The [Module] class 'Net' must be declared partial: the generator adds the Module base class and the compiled Call to it");

    [Fact]
    public void GG0002_NoForward() => Markup.AssertSingle("""
        [Module]
        public partial class [|Net|]
        {
            private readonly Linear fc = new(2, 3);
            public Tensor Run(Tensor x) => fc.Call(x);
        }
        """, "GG0002", "The [Module] class 'Net' has no Forward method; declare 'public Tensor Forward(Tensor x)' (one or more Tensor inputs) that computes the module's output");

    [Fact]
    public void GG0003_LayerNeverAssigned() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc1 = new(2, 3);
            private readonly Linear [|fc2|];
            public Tensor Forward(Tensor x) => fc2.Call(fc1.Call(x));
        }
        """, "GG0003", "Layer 'fc2' (Linear) is never assigned; create it where it is declared or assign it once in the constructor");

    [Fact]
    public void GG0004_LayerAssignedTwice() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc;
            public Net(int n)
            {
                fc = new Linear(n, 3);
                [|fc = new Linear(n, 4)|];
            }
            public Tensor Forward(Tensor x) => fc.Call(x);
        }
        """, "GG0004", "Layer 'fc' is assigned more than once; assign each layer exactly once, where it is declared or in one constructor");

    [Fact]
    public void GG0005_DimensionNeitherConstantNorParameter() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc;
            public Net(int n) => fc = new Linear([|n * 2|], 3);
            public Tensor Forward(Tensor x) => fc.Call(x);
        }
        """, "GG0005", "Linear 'fc': argument 'inFeatures' is 'n * 2', which is neither a constant nor a constructor parameter; layer dimensions must be literals, constants or constructor parameters");

    [Fact]
    public void GG0006_DropoutProbabilityOutOfRange() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(2, 3);
            private readonly Dropout drop = new([|1.5|]);
            public Tensor Forward(Tensor x) => drop.Call(fc.Call(x));
        }
        """, "GG0006", "Dropout 'drop' has p = 1.5; a dropout probability must be between 0 and 1");

    [Fact]
    public void GG0007_ForwardSignature() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(2, 3);
            public Tensor [|Forward|](Tensor x, int steps) => fc.Call(x);
        }
        """, "GG0007", "Forward of 'Net' must take one or more Tensor parameters and return Tensor, but parameter 'steps' has type int");

    [Fact]
    public void GG0008_LayerNotCreatedWithNew() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc;
            public Net() => fc = [|Make()|];
            private static Linear Make() => new Linear(2, 3);
            public Tensor Forward(Tensor x) => fc.Call(x);
        }
        """, "GG0008", "Layer 'fc' must be created with 'new Linear(...)' so that the generator can read its dimensions; 'Make()' cannot be analysed");

    [Fact]
    public void GG0009_BaseClass() => Markup.AssertSingle("""
        public class Base { }

        [Module]
        public partial class [|Net|] : Base
        {
            private readonly Linear fc = new(2, 3);
            public Tensor Forward(Tensor x) => fc.Call(x);
        }
        """, "GG0009", "The [Module] class 'Net' must not declare a base class ('Demo.Base'): the generator makes it derive from GraphGen.Nn.Module");

    [Fact]
    public void GG0010_Generic() => Markup.AssertSingle("""
        [Module]
        public partial class [|Net|]<T>
        {
            private readonly Linear fc = new(2, 3);
            public Tensor Forward(Tensor x) => fc.Call(x);
        }
        """, "GG0010", "The [Module] class 'Net' is generic; declare it as a non-generic partial class (containing types, if any, must be partial too)");

    [Fact]
    public void GG0011_SeveralForwards() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(2, 3);
            public Tensor Forward(Tensor x) => fc.Call(x);
            public Tensor [|Forward|](Tensor x, Tensor y) => fc.Call(x + y);
        }
        """, "GG0011", "The [Module] class 'Net' declares 2 Forward methods; declare exactly one, the graph the generator compiles");

    // ------------------------------------------------------------------ shapes

    [Fact]
    public void GG0101_LinearChainMismatch() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc1 = new(2, 5);
            private readonly Linear fc2 = new(4, 3);
            public Tensor Forward(Tensor x)
            {
                var h = F.Relu(fc1.Call(x));
                return [|fc2.Call(h)|];
            }
        }
        """, "GG0101", "Linear 'fc2' expects 4 input features but 'fc1' produces [B, 5]");

    [Fact]
    public void GG0101_InsideASequential() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Sequential pipe = new(new Linear(2, 5), new ReLU(), [|new Linear(6, 3)|]);
            public Tensor Forward(Tensor x) => pipe.Call(x);
        }
        """, "GG0101", "Linear 'pipe.2' expects 6 input features but 'pipe.0' produces [B, 5]");

    [Fact]
    public void GG0102_FlattenFeedsTheWrongFeatures() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Flatten flatten = new();
            private readonly Linear fc = new(15, 3);
            public Tensor Forward(Tensor x)
            {
                var images = x.View(-1, 1, 4, 4);
                return [|fc.Call(flatten.Call(images))|];
            }
        }
        """, "GG0102", "Flatten 'flatten' gives 1·4·4 = 16 features but Linear 'fc' expects 15");

    [Fact]
    public void GG0102_FlattenAfterConvolutionsShowsTheProduct() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Conv2d conv1 = new(1, 6, 5, padding: 2);
            private readonly Conv2d conv2 = new(6, 16, 5);
            private readonly Linear fc1 = new(256, 120);
            public Tensor Forward([Shape(1, 28, 28)] Tensor x)
            {
                var h = F.MaxPool2d(F.Relu(conv1.Call(x)), 2);
                h = F.MaxPool2d(F.Relu(conv2.Call(h)), 2);
                return [|fc1.Call(h.Flatten(1))|];
            }
        }
        """, "GG0102", "Flatten 'h.Flatten(1)' gives 16·5·5 = 400 features but Linear 'fc1' expects 256");

    [Fact]
    public void GG0110_ConvChannelsMismatch() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Conv2d conv1 = new(1, 6, 5);
            private readonly Conv2d conv2 = new(8, 16, 5);
            public Tensor Forward([Shape(1, 28, 28)] Tensor x) => [|conv2.Call(conv1.Call(x))|];
        }
        """, "GG0110", "Conv2d 'conv2' expects 8 input channels but 'conv1' produces [B, 6, 24, 24]");

    [Fact]
    public void GG0111_GroupsDoNotDivideTheChannels() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Conv2d depthwise = new(8, 12, 3, groups: [|8|]);
            public Tensor Forward([Shape(8, 6, 6)] Tensor x) => depthwise.Call(x);
        }
        """, "GG0111", "Conv2d 'depthwise' has groups = 8, which does not divide its out_channels = 12");

    [Fact]
    public void GG0112_KernelLargerThanThePaddedInput() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Conv2d conv = new(1, 4, 3, dilation: 2);
            public Tensor Forward([Shape(1, 4, 9)] Tensor x) => [|conv.Call(x)|];
        }
        """, "GG0112", "Conv2d 'conv' has a 5x5 kernel (dilated; padding (0, 0)), larger than its padded input: it needs a spatial size of at least 5x5 but its input is [B, 1, 4, 9]");

    [Fact]
    public void GG0112_Conv1dKernelLargerThanThePaddedInput() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Conv1d conv = new(2, 4, 7, padding: 1);
            public Tensor Forward([Shape(2, 4)] Tensor x) => [|conv.Call(x)|];
        }
        """, "GG0112", "Conv1d 'conv' has a 7 kernel (dilated; padding 1), larger than its padded input: it needs a spatial size of at least 5 but its input is [B, 2, 4]");

    [Fact]
    public void GG0113_PoolWithAnEmptyOutput() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Conv2d conv = new(3, 4, 3);
            public Tensor Forward([Shape(3, 3, 10)] Tensor x) => [|F.AvgPool2d(conv.Call(x), 2)|];
        }
        """, "GG0113", "AvgPool2d 'F.AvgPool2d(conv.Call(x), 2)' (kernel 2x2, stride 2x2, padding 0x0) on its input [B, 4, 1, 8] gives an output of size 0x4: the window is larger than the padded input");

    [Fact]
    public void GG0114_ConvolutionOfAFeatureVector() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(10, 64);
            private readonly Conv2d conv = new(1, 4, 3);
            public Tensor Forward(Tensor x) => [|conv.Call(fc.Call(x))|];
        }
        """, "GG0114", "Conv2d 'conv' expects a [B, C, H, W] input but 'fc' produces [B, 64]");

    [Fact]
    public void DeclaredShapeWithANonPositiveSize() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Conv2d conv = new(1, 4, 3);
            public Tensor Forward([Shape(1, 0, 28)] Tensor [|x|]) => conv.Call(x);
        }
        """, "GG0007", "Forward of 'Net' must take one or more Tensor parameters and return Tensor, but 'x' declares [Shape(1, 0, 28)]; a declared shape gives one or more sizes of at least 1 per sample (without the batch dimension)");

    [Fact]
    public void GG0103_SoftmaxDimOutOfRange() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Sequential pipe = new(new Linear(2, 3), [|new Softmax(dim: 2)|]);
            public Tensor Forward(Tensor x) => pipe.Call(x);
        }
        """, "GG0103", "Softmax 'pipe.1' has dim 2, which is out of range for its input of shape [B, 3] (rank 2 allows dim -2 to 1)");

    [Fact]
    public void GG0103_LogSoftmaxFunctional() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(2, 3);
            public Tensor Forward(Tensor x) => [|F.LogSoftmax(fc.Call(x), -3)|];
        }
        """, "GG0103", "LogSoftmax 'F.LogSoftmax(fc.Call(x), -3)' has dim -3, which is out of range for its input of shape [B, 3] (rank 2 allows dim -2 to 1)");

    [Fact]
    public void GG0104_ShapesNotBroadcastable() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc1 = new(3, 5);
            public Tensor Forward(Tensor x)
            {
                var h = fc1.Call(x);
                return [|h + x|];
            }
        }
        """, "GG0104", "'h + x' combines shapes [B, 5] and [B, 3], which cannot broadcast: dimension 1 is 5 on one side and 3 on the other, and neither is 1");

    [Fact]
    public void GG0105_InvalidView() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(3, 20);
            public Tensor Forward(Tensor x) => [|fc.Call(x).View(-1, 7)|];
        }
        """, "GG0105", "'fc.Call(x).View(-1, 7)' cannot view a tensor of shape [B, 20] as (-1, 7): 20*B elements do not divide into rows of 7");

    [Fact]
    public void GG0106_DimOutOfRange() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(3, 4);
            public Tensor Forward(Tensor x) => [|fc.Call(x).Sum(2)|];
        }
        """, "GG0106", "'fc.Call(x).Sum(2)' uses dim 2, which is out of range for its input of shape [B, 4] (rank 2 allows dim -2 to 1)");

    // GG0120–GG0123 (issue #11): normalisation, embedding and Cat.

    [Fact]
    public void GG0120_BatchNorm1dFeaturesDoNotMatchTheLinearBefore() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(3, 8);
            private readonly BatchNorm1d bn = new(16);
            public Tensor Forward(Tensor x) => [|bn.Call(fc.Call(x))|];
        }
        """, "GG0120", "BatchNorm1d 'bn' expects input [N, 16, *] (a 2-D or 3-D input) but 'fc' produces [B, 8]");

    [Fact]
    public void GG0120_BatchNorm2dChannelsDoNotMatchTheView() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(5, 192);
            private readonly BatchNorm2d bn = new(4);
            public Tensor Forward(Tensor x) => [|bn.Call(fc.Call(x).View(-1, 3, 8, 8))|];
        }
        """, "GG0120", "BatchNorm2d 'bn' expects input [N, 4, *] (a 4-D input) but 'fc.Call(x).View(-1, 3, 8, 8)' produces [B, 3, 8, 8]");

    [Fact]
    public void GG0120_BatchNorm2dFedARank2Tensor() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(3, 4);
            private readonly BatchNorm2d bn = new(4);
            public Tensor Forward(Tensor x) => [|bn.Call(fc.Call(x))|];
        }
        """, "GG0120", "BatchNorm2d 'bn' expects input [N, 4, *] (a 4-D input) but 'fc' produces [B, 4]");

    [Fact]
    public void GG0121_LayerNormShapeDoesNotMatchTheTrailingDim() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(3, 10);
            private readonly LayerNorm norm = new(12);
            public Tensor Forward(Tensor x) => F.Relu([|norm.Call(fc.Call(x))|]);
        }
        """, "GG0121", "LayerNorm 'norm' normalizes over the last dims [12] but 'fc' produces [B, 10]");

    [Fact]
    public void GG0122_EmbeddingFedAnOpsOutput() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(3, 4);
            private readonly Embedding emb = new(10, 4);
            public Tensor Forward(Tensor x) => [|emb.Call(fc.Call(x))|];
        }
        """, "GG0122", "Embedding 'emb' needs integer indices (Int64 or Int32) but is fed 'fc', a float32 tensor of shape [B, 4]");

    [Fact]
    public void GG0122_EmbeddingOfAnInputThatFloatOpsReadToo() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Embedding emb = new(10, 4);
            public Tensor Forward(Tensor x) => [|emb.Call(x)|].Mean(1) + x.Relu();
        }
        """, "GG0122", "Embedding 'emb' needs integer indices (Int64 or Int32) but is fed 'x', a Forward input also read as floats by 'x.Relu()'");

    [Fact]
    public void GG0123_CatOfMismatchedSizes() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear a = new(3, 4);
            public Tensor Forward(Tensor x) => [|F.Cat(new[] { a.Call(x), a.Call(x).View(-1, 2, 2) }, 1)|];
        }
        """, "GG0123", "'F.Cat(new[] { a.Call(x), a.Call(x).View(-1, 2, 2) }, 1)' joins [B, 4] and [B, 2, 2] along dim 1, but tensor 1 has shape [B, 2, 2] where rank needs 2");

    [Fact]
    public void GG0123_CatAlongTheBatchOfDifferentFeatures() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear a = new(3, 4);
            private readonly Linear b = new(3, 5);
            public Tensor Forward(Tensor x) => [|Tensor.Cat([a.Call(x), b.Call(x)], 0)|];
        }
        """, "GG0123", "'Tensor.Cat([a.Call(x), b.Call(x)], 0)' joins [B, 4] and [B, 5] along dim 0, but tensor 1 has shape [B, 5] where dim 1 needs 4");

    [Fact]
    public void GG0106_CatDimOutOfRange() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear a = new(3, 4);
            public Tensor Forward(Tensor x) => [|F.Cat(new[] { a.Call(x), a.Call(x) }, 2)|];
        }
        """, "GG0106", "'F.Cat(new[] { a.Call(x), a.Call(x) }, 2)' uses dim 2, which is out of range for its input of shape [B, 4] (rank 2 allows dim -2 to 1)");

    // ------------------------------------------------------------------ unsupported constructs

    [Fact]
    public void GG0201_Loop() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(3, 3);
            public Tensor Forward(Tensor x)
            {
                [|for (int i = 0; i < 3; i++) x = fc.Call(x);|]
                return x;
            }
        }
        """, "GG0201", $"A 'for' loop is not supported in Forward. {Allowed}.");

    [Fact]
    public void GG0201_Conditional() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(3, 3);
            public Tensor Forward(Tensor x)
            {
                [|if (x.NumEl > 3) x = fc.Call(x);|]
                return x;
            }
        }
        """, "GG0201", $"An 'if' statement (the graph must not depend on data or flags) is not supported in Forward. {Allowed}.");

    [Fact]
    public void GG0202_UnknownCall() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(3, 3);
            private static Tensor Helper(Tensor t) => t;
            public Tensor Forward(Tensor x) => fc.Call([|Helper(x)|]);
        }
        """, "GG0202", $"'Helper(x)' is not supported in Forward: 'Net.Helper' is neither a layer call, an F.* function nor a Tensor method. {Allowed}.");

    [Fact]
    public void GG0203_UnsupportedLayerType() => Markup.AssertSingle("""
        public sealed class Custom : Module
        {
            public Tensor Forward(Tensor x) => x;
        }

        [Module]
        public partial class Net
        {
            private readonly Custom custom = new();
            public Tensor Forward(Tensor x) => [|custom.Call(x)|];
        }
        """, "GG0203", "Layer 'custom' has type Custom, which the generator cannot compile yet; supported layers are Linear, ReLU, Sigmoid, Tanh, LeakyReLU, GELU, ELU, SiLU, Dropout, Softmax, LogSoftmax, Flatten, Conv2d, Conv1d, MaxPool2d, AvgPool2d, BatchNorm1d, BatchNorm2d, LayerNorm, AdaptiveAvgPool2d, Embedding, Identity, Sequential and other [Module] classes");

    [Fact]
    public void GG0204_ShapeArgumentNotConstant() => Markup.AssertSingle("""
        [Module]
        public partial class Net
        {
            private readonly Linear fc = new(3, 4);
            private readonly int axis = 1;
            public Tensor Forward(Tensor x) => F.Softmax(fc.Call(x), [|axis|]);
        }
        """, "GG0204", "F.Softmax(fc.Call(x), axis): argument 'dim' decides a shape and must be a compile-time constant, but 'axis' is not");

    [Fact]
    public void GG0205_ChildModuleWithErrors() => Markup.AssertSingle("""
        [Module]
        public partial class Child
        {
            private readonly Linear fc = new(3, 4);
        }

        [Module]
        public partial class Net
        {
            private readonly Child child = [|new Child()|];
            public Tensor Forward(Tensor x) => child.Call(x);
        }
        """, "GG0205", "Layer 'child' is a [Module] of type Demo.Child that has errors of its own; the generator inlines child modules from their source, so it must be a [Module] class of this project without errors");

    [Fact]
    public void GG0206_ParameterSizeNoLayerTakes() => Markup.AssertSingle("""
        [Module]
        public partial class Net(int features)
        {
            private readonly Linear fc = new(16, 4);
            public Tensor Forward(Tensor x) => fc.Call(x.View(-1, [|features|]));
        }
        """, "GG0206", "x.View(-1, features): the constructor parameter 'features' is used as a size, but no Linear of the module takes it, so the compiled code cannot know its value; pass it to a layer, or read the size from a tensor (x.Size(1))");

    // ------------------------------------------------------------------ warnings

    [Fact]
    public void GG0301_LayerNeverUsed()
    {
        var d = Markup.AssertSingle("""
            [Module]
            public partial class Net
            {
                private readonly Linear fc1 = new(3, 4);
                private readonly Linear [|fc2|] = new(4, 4);
                public Tensor Forward(Tensor x) => fc1.Call(x);
            }
            """, "GG0301", "Layer 'fc2' is declared but never used in Forward; its parameters are registered and trained but never affect the output");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
    }

    [Fact]
    public void GG0099_InternalErrorsBecomeDiagnostics()
    {
        // A spec no parser would produce (its return step does not exist) makes graph building throw.
        var location = new Model.LocationInfo("Net.cs", default, default);
        var forward = new Model.ForwardSpec(new[] { "x" }, new[] { new Model.ForwardOp(0, Model.ForwardOpKind.Input, "x", Model.EquatableArray<int>.Empty, Model.EquatableArray<Model.ArgSpec>.Empty, "x", null) }, 5, null);
        var spec = new Model.ModuleSpec("Demo", "Net", "Demo.Net", Model.EquatableArray<string>.Empty, Model.EquatableArray<string>.Empty,
            Model.EquatableArray<Model.LayerFieldSpec>.Empty, forward, CanEmit: true, HasErrors: false, HasSyntaxErrors: false, location);
        var result = Graph.ModuleAnalyzer.Analyze(new Model.ParseResult(spec, Model.EquatableArray<Model.DiagnosticInfo>.Empty), default);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("GG0099", d.Id);
        Assert.StartsWith("GraphGen's generator failed on 'Net': KeyNotFoundException", d.ToDiagnostic().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(location, d.Location);
    }

    [Fact]
    public void GG0302_AFailingBackendThatCanDeclineIsReplacedByItsFallback()
    {
        var (files, diagnostics) = Emit.SourceOutput.Render(FakeBackend.Plan, [new FakeBackend("Cpu", false, null), new FakeBackend("Gpu", true, "// declines")]);

        Assert.Equal(["Demo.Net.Module.g.cs", "Demo.Net.Cpu.g.cs", "Demo.Net.Gpu.g.cs"], files.Select(f => f.HintName));
        Assert.Equal("// declines // InvalidOperationException: kernel planning broke", files[2].Source);
        var warning = Assert.Single(diagnostics);
        Assert.Equal("GG0302", warning.Id);
        Assert.Equal("GraphGen's Gpu backend failed on 'Net': InvalidOperationException: kernel planning broke. The module builds and its other backends run; "
            + "on that backend's devices Call runs the eager Forward. This is a bug in GraphGen (please report it).", warning.ToDiagnostic().GetMessage());
    }

    [Fact]
    public void TheAllowedFormsInMessagesComeFromTheOpRegistry()
    {
        // A new op (SiLU was the first) appears in every "Forward may ..." message without editing the text.
        Assert.Contains("F.Relu/Sigmoid/Tanh/LeakyRelu/Gelu/Elu/Silu/Dropout/Softmax/LogSoftmax/MaxPool2d/AvgPool2d/AdaptiveAvgPool2d/Cat,", Allowed);
        Assert.Contains(" Relu/Sigmoid/Tanh/LeakyRelu/Gelu/Elu/Silu/Exp/Log/Sqrt/Neg/Abs, Sum/Mean", Allowed);
    }

    [Fact]
    public void EveryDescriptorHasAHelpPageAndLink()
    {
        var docs = Path.Combine(AppContext.BaseDirectory, "Docs");
        foreach (var d in DiagnosticDescriptors.All)
        {
            string page = Path.Combine(docs, d.Id + ".md");
            Assert.True(File.Exists(page), $"docs/diagnostics/{d.Id}.md is missing");
            Assert.StartsWith("# " + d.Id, File.ReadAllText(page));
            Assert.Equal("docs/diagnostics/" + d.Id + ".md", d.HelpLinkUri);
        }

        Assert.Equal(DiagnosticDescriptors.All.Count, DiagnosticDescriptors.All.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public void TheReadmeTableListsEveryDescriptor()
    {
        string readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Docs", "README.md"));
        foreach (var d in DiagnosticDescriptors.All)
        {
            string severity = d.DefaultSeverity.ToString().ToLowerInvariant();
            string row = $"| [{d.Id}](docs/diagnostics/{d.Id}.md) | {severity} |";
            Assert.True(readme.Contains(row, StringComparison.Ordinal), $"README.md's diagnostics table has no row for {d.Id} ({severity})");
        }
    }

    [Fact]
    public void EveryDescriptorIsTestedHere()
    {
        var tested = typeof(DiagnosticTests).GetMethods().Select(m => m.Name).Where(n => n.StartsWith("GG", StringComparison.Ordinal)).Select(n => n.Substring(0, 6)).ToHashSet();
        // The call-site analyzers' GG04xx are tested, each by ID, in tests/Analyzers.Tests (CallSiteDescriptorTests).
        var untested = DiagnosticDescriptors.All.Select(d => d.Id).Where(id => !id.StartsWith("GG04", StringComparison.Ordinal) && !tested.Contains(id)).ToList();
        Assert.True(untested.Count == 0, "untested: " + string.Join(", ", untested));
    }
}
