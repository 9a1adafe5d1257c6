using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>
/// A depthwise convolution (groups = channels, "same" padding) then a pointwise 1x1 one, a strided average pool with a
/// tuple kernel, and a global average pool down to 1x1 before the classifier.
/// </summary>
[Module]
public partial class DepthwiseSeparable
{
    private readonly Conv2d depthwise = new(8, 8, 3, padding: "same", groups: 8);
    private readonly Conv2d pointwise = new(8, 16, 1, bias: false);
    private readonly AvgPool2d pool = new((2, 2), stride: 2);
    private readonly AvgPool2d global = new(5);
    private readonly Linear fc = new(16, 4);

    public Tensor Forward([Shape(8, 10, 10)] Tensor x)
    {
        var h = F.Relu(pointwise.Call(depthwise.Call(x)));
        h = global.Call(pool.Call(h));
        return fc.Call(h.Flatten(1));
    }
}
