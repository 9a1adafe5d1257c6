using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>
/// conv.json's LeNet-style net (libtorch 2.10): conv(1→4, 3x3, padding 1)-relu-pool-conv(4→6, 3x3)-relu-flatten(24)-linear(4)
/// on [B, 1, 8, 8] images, named as the file's state dict.
/// </summary>
[Module]
public partial class OracleLeNet
{
    private readonly Conv2d conv1 = new(1, 4, 3, padding: 1);
    private readonly Conv2d conv2 = new(4, 6, 3);
    private readonly Linear fc = new(24, 4);

    public Tensor Forward([Shape(1, 8, 8)] Tensor x)
    {
        var h = F.MaxPool2d(F.Relu(conv1.Call(x)), 2);
        h = F.Relu(conv2.Call(h));
        return fc.Call(h.Flatten(1));
    }
}
