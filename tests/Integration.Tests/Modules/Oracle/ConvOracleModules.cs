using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules.Oracle;

// The module-shaped cases of conv.json (libtorch 2.10) as [Module]s, compiled: OracleConvTests runs each through Call.
// Images come in as rows ([B, C·H·W]) and are viewed to [B, C, H, W], as compiled Forward inputs are [B, features].

/// <summary>batch_norm1d_train: BatchNorm1d(4) on [N, 4].</summary>
[Module]
public partial class OracleBatchNorm1d
{
    private readonly BatchNorm1d bn = new(4);

    public Tensor Forward(Tensor x) => bn.Call(x);
}

/// <summary>batch_norm2d_train and batch_norm2d_eval: BatchNorm2d(3) on [N, 3, 6, 6].</summary>
[Module]
public partial class OracleBatchNorm2d
{
    private readonly BatchNorm2d bn = new(3);

    public Tensor Forward(Tensor x) => bn.Call(x.View(-1, 3, 6, 6));
}

/// <summary>layer_norm_last: LayerNorm(5) on [2, 3, 5] (leading dims run flattened).</summary>
[Module]
public partial class OracleLayerNorm
{
    private readonly LayerNorm norm = new(5);

    public Tensor Forward(Tensor x) => norm.Call(x);
}

/// <summary>adaptive_avg_pool2d_1: global average pooling of [N, 3, 6, 6].</summary>
[Module]
public partial class OracleAdaptiveAvgPool
{
    public Tensor Forward(Tensor x) => F.AdaptiveAvgPool2d(x.View(-1, 3, 6, 6), 1);
}

/// <summary>embedding: a [10, 4] table looked up by [2, 5] ids.</summary>
[Module]
public partial class OracleEmbedding
{
    private readonly Embedding emb = new(10, 4);

    public Tensor Forward(Tensor ids) => emb.Call(ids);
}

/// <summary>embedding_padding_idx: the same with padding row 0.</summary>
[Module]
public partial class OracleEmbeddingPadding
{
    private readonly Embedding emb = new(10, 4, paddingIdx: 0);

    public Tensor Forward(Tensor ids) => emb.Call(ids);
}

/// <summary>cat_dim1: [N, 3, 4] and [N, 2, 4] joined along dim 1.</summary>
[Module]
public partial class OracleCat
{
    public Tensor Forward(Tensor a, Tensor b) => F.Cat(new[] { a.View(-1, 3, 4), b.View(-1, 2, 4) }, 1);
}
