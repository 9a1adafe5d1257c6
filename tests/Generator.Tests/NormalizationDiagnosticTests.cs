using GraphGen.Generator.Tests.Support;

namespace GraphGen.Generator.Tests;

/// <summary>GG0120–GG0123 (issue #11): BatchNorm, LayerNorm, Embedding and Cat shape problems, each with its ID, message and span.</summary>
public class NormalizationDiagnosticTests
{
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
            private readonly BatchNorm2d bn = new(4);
            public Tensor Forward(Tensor x) => [|bn.Call(x.View(-1, 3, 8, 8))|];
        }
        """, "GG0120", "BatchNorm2d 'bn' expects input [N, 4, *] (a 4-D input) but 'x.View(-1, 3, 8, 8)' produces [B, 3, 8, 8]");

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
}
