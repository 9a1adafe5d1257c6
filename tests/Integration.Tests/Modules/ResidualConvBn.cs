using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>
/// A residual conv-BN block as in ResNet: a conv-BN-ReLU stem, then two 3x3 conv-BN layers whose output is added to the
/// block's input before the ReLU, then global average pooling and a classifier. The convolutions have no bias (BN's shift
/// replaces it), so every BatchNorm2d's running statistics and affine parameters are on the compiled path.
/// </summary>
[Module]
public partial class ResidualConvBn
{
    private readonly Conv2d stem = new(3, 8, 3, padding: 1, bias: false);
    private readonly BatchNorm2d stemNorm = new(8);
    private readonly Conv2d conv1 = new(8, 8, 3, padding: 1, bias: false);
    private readonly BatchNorm2d norm1 = new(8);
    private readonly Conv2d conv2 = new(8, 8, 3, padding: 1, bias: false);
    private readonly BatchNorm2d norm2 = new(8);
    private readonly AdaptiveAvgPool2d pool = new(1);
    private readonly Linear fc = new(8, 5);

    public Tensor Forward([Shape(3, 12, 12)] Tensor x)
    {
        var h = F.Relu(stemNorm.Call(stem.Call(x)));
        var r = F.Relu(norm1.Call(conv1.Call(h)));
        r = norm2.Call(conv2.Call(r));
        h = F.Relu(h + r);
        return fc.Call(pool.Call(h).Flatten(1));
    }
}
