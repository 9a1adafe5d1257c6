using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>Images as rows viewed to [B, 3, 6, 6], BatchNorm2d, ReLU, global average pooling, Flatten, Linear.</summary>
[Module]
public partial class PooledBatchNormNet
{
    private readonly BatchNorm2d bn = new(3);
    private readonly AdaptiveAvgPool2d pool = new(1);
    private readonly Flatten flatten = new();
    private readonly Linear fc = new(3, 4);

    public Tensor Forward(Tensor images)
    {
        var x = images.View(-1, 3, 6, 6);
        var h = pool.Call(F.Relu(bn.Call(x)));
        return fc.Call(flatten.Call(h));
    }
}
