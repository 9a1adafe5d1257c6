using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>
/// The side-by-side bench's second CNN at test size: conv32-BN-ReLU-conv64-BN-ReLU-maxpool-global average pool-linear
/// on 28x28 images, so its convolutions, batch norms and pooling are large enough to split across 2 workers.
/// </summary>
[Module]
public partial class ConvBnPoolGap
{
    private readonly Conv2d conv1 = new(1, 32, kernelSize: 3, padding: 1);
    private readonly BatchNorm2d bn1 = new(32);
    private readonly Conv2d conv2 = new(32, 64, kernelSize: 3, padding: 1);
    private readonly BatchNorm2d bn2 = new(64);
    private readonly Linear fc = new(64, 10);

    public Tensor Forward([Shape(1, 28, 28)] Tensor x)
    {
        var h = F.Relu(bn1.Call(conv1.Call(x)));
        h = F.MaxPool2d(F.Relu(bn2.Call(conv2.Call(h))), 2);
        return fc.Call(F.AdaptiveAvgPool2d(h, 1).Flatten(1));
    }
}
