using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>Two branches joined by F.Cat along the features, and the input joined to itself by Tensor.Cat along dim -1.</summary>
[Module]
public partial class CatBranches
{
    private readonly Linear left = new(5, 4);
    private readonly Linear right = new(5, 6);
    private readonly Linear head = new(20, 3);

    public Tensor Forward(Tensor x)
    {
        var a = F.Relu(left.Call(x));
        var b = right.Call(x).Tanh();
        var joined = F.Cat(new[] { a, b }, 1);
        return head.Call(Tensor.Cat([joined, x, x], dim: -1));
    }
}
