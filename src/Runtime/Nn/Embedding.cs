namespace GraphGen.Nn;

/// <summary>A lookup table of learned vectors, one per index (PyTorch's <c>nn.Embedding</c>).</summary>
/// <remarks>
/// Shape: input an int64 (or int32) tensor of any shape [*]; output [*, embedding_dim]. <see cref="Weight"/> is
/// [num_embeddings, embedding_dim], initialised N(0, 1) from <c>generator</c> (or the default generator), with the
/// paddingIdx row zeroed; that row gets no gradient. Runs <see cref="F.Embedding"/>.
/// </remarks>
public sealed class Embedding : Module
{
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null, RandomGenerator? generator = null)
    {
        if (numEmbeddings < 1) throw new ArgumentOutOfRangeException(nameof(numEmbeddings), numEmbeddings, "Embedding: num_embeddings must be 1 or more.");
        if (embeddingDim < 1) throw new ArgumentOutOfRangeException(nameof(embeddingDim), embeddingDim, "Embedding: embedding_dim must be 1 or more.");
        if (paddingIdx is int p)
        {
            if (p < -numEmbeddings || p >= numEmbeddings)
                throw new ArgumentOutOfRangeException(nameof(paddingIdx), p, $"Embedding: padding_idx must be within num_embeddings (expected {-numEmbeddings} <= padding_idx < {numEmbeddings}) but got {p}.");
            paddingIdx = p < 0 ? p + numEmbeddings : p;
        }
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        PaddingIdx = paddingIdx;
        var weight = Tensor.Randn([numEmbeddings, embeddingDim], generator);
        if (paddingIdx is int row) weight.Select(0, row).Zero_();
        RegisterParameter("weight", weight);
    }

    public int NumEmbeddings { get; }

    public int EmbeddingDim { get; }

    /// <summary>The row that is looked up as stored but never trained (non-negative), or null.</summary>
    public int? PaddingIdx { get; }

    /// <summary>The [num_embeddings, embedding_dim] table.</summary>
    public Tensor Weight => GetParameter("weight")!;

    public Tensor Forward(Tensor input) => F.Embedding(input, Weight, PaddingIdx);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr() =>
        $"{NumEmbeddings}, {EmbeddingDim}" + (PaddingIdx is int p ? $", padding_idx={p}" : "");
}
