using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>Images as rows: a view to [B, 1, 4, 4], a Flatten layer, then Linear layers; dropout as a functional call.</summary>
[Module]
public partial class ImageNet
{
    private readonly Flatten flatten = new();
    private readonly Linear fc1 = new(16, 12);
    private readonly Linear fc2 = new(12, 4);

    public Tensor Forward(Tensor images)
    {
        var x = images.View(-1, 1, 4, 4);
        var h = F.Relu(fc1.Call(flatten.Call(x)));
        h = F.Dropout(h, 0.25, Training);
        return fc2.Call(h).Softmax(-1);
    }
}
