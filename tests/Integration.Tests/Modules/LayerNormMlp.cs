using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>LayerNorm on the input (its size bound by the layer) and after a hidden Linear, one without affine parameters.</summary>
[Module]
public partial class LayerNormMlp
{
    private readonly LayerNorm inputNorm = new(5);
    private readonly Linear fc1 = new(5, 12);
    private readonly LayerNorm norm = new(12, eps: 1e-3);
    private readonly LayerNorm plain = new(12, elementwiseAffine: false);
    private readonly Linear fc2 = new(12, 3);

    public Tensor Forward(Tensor x)
    {
        var h = F.Gelu(norm.Call(fc1.Call(inputNorm.Call(x))));
        return fc2.Call(plain.Call(h) + h);
    }
}
