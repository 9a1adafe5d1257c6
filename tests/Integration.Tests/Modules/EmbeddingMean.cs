using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>Token ids (an Int64 or Int32 input) looked up in an Embedding with a padding row, averaged over the sequence, then a Linear.</summary>
[Module]
public partial class EmbeddingMean
{
    private readonly Embedding emb = new(10, 4, paddingIdx: 0);
    private readonly Linear fc = new(4, 3);

    public Tensor Forward(Tensor tokens) => fc.Call(emb.Call(tokens).Mean(1));
}
