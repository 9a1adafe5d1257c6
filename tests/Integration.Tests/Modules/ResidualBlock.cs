using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>A residual block: the skip connection and the scaling fuse into one elementwise pass.</summary>
[Module]
public partial class ResidualBlock
{
    private readonly Linear fc1;
    private readonly Linear fc2;

    public ResidualBlock(int features)
    {
        fc1 = new Linear(features, features);
        fc2 = new Linear(features, features);
    }

    public Tensor Forward(Tensor x)
    {
        var h = F.Relu(fc1.Call(x));
        h = fc2.Call(h);
        return F.Relu(h * 0.5 + x);
    }
}
