using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>
/// A CNN without [Shape]: the first Conv2d makes the input [B, 3, H, W] and every spatial size stays a symbol the compiled
/// code computes from H and W at each call ((H-2)/2 after the first conv and pool), with the shape checks run there.
/// </summary>
[Module]
public partial class UndeclaredCnn
{
    private readonly Conv2d conv1 = new(3, 8, 3);
    private readonly MaxPool2d pool = new(2);
    private readonly Conv2d conv2 = new(8, 4, (3, 1), stride: (1, 2), padding: (1, 0));
    private readonly AvgPool2d smooth = new(3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false);

    public Tensor Forward(Tensor x)
    {
        var h = pool.Call(F.Relu(conv1.Call(x)));
        h = conv2.Call(h).Sigmoid();
        return smooth.Call(h);
    }
}
