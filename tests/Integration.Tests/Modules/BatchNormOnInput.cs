using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>BatchNorm1d straight on the input: the layer decides the input's features, which Call checks at run time (GG0120).</summary>
[Module]
public partial class BatchNormOnInput
{
    private readonly BatchNorm1d bn;
    private readonly Linear fc;

    public BatchNormOnInput(int features)
    {
        bn = new BatchNorm1d(features, eps: 1e-3, momentum: 0.3);
        fc = new Linear(features, 2);
    }

    public Tensor Forward(Tensor x) => fc.Call(bn.Call(x));
}
