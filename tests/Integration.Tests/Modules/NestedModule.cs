using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>[Module] children: two residual blocks between an input and an output layer, inlined into one graph.</summary>
[Module]
public partial class NestedModule
{
    private readonly Linear input;
    private readonly ResidualBlock block1;
    private readonly ResidualBlock block2;
    private readonly Sequential head;

    public NestedModule(int inputs, int hidden, int classes)
    {
        input = new Linear(inputs, hidden);
        block1 = new ResidualBlock(hidden);
        block2 = new ResidualBlock(hidden);
        head = new Sequential(new Linear(hidden, classes), new LogSoftmax(1));
    }

    public Tensor Forward(Tensor x)
    {
        var h = F.Relu(input.Call(x));
        h = block1.Call(h);
        h = block2.Call(h);
        return head.Call(h);
    }
}
