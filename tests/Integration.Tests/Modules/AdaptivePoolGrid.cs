using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>F.AdaptiveAvgPool2d to a 2×2 grid of uneven windows (5×5 input), then Flatten and Linear.</summary>
[Module]
public partial class AdaptivePoolGrid
{
    private readonly Linear fc = new(8, 3);

    public Tensor Forward(Tensor images)
    {
        var x = images.View(-1, 2, 5, 5);
        return fc.Call(F.AdaptiveAvgPool2d(x, 2).Flatten(1));
    }
}
