using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules.Contract;

/// <summary>SiLU in each form a user can write it: the layer, F.Silu and the Tensor method, in one chain with other ops.</summary>
[Module]
public partial class SiluForms
{
    private readonly Sequential pipe = new(new Linear(5, 8), new SiLU());
    private readonly Linear fc2 = new(8, 3);

    public Tensor Forward(Tensor x)
    {
        var h = pipe.Call(x);
        h = F.Silu(h * 2 - 1) + h.Silu();
        return fc2.Call(h).Silu();
    }
}
