using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>Two inputs projected to a shared width, combined elementwise, then a head.</summary>
[Module]
public partial class TwoInputModule
{
    private readonly Linear left;
    private readonly Linear right;
    private readonly Linear head;

    public TwoInputModule(int leftFeatures, int rightFeatures, int hidden)
    {
        left = new Linear(leftFeatures, hidden);
        right = new Linear(rightFeatures, hidden);
        head = new Linear(hidden, 1);
    }

    public Tensor Forward(Tensor a, Tensor b)
    {
        var h = left.Call(a).Tanh() * right.Call(b).Sigmoid() - a.Mean(1, keepDim: true);
        return head.Call(h);
    }
}
