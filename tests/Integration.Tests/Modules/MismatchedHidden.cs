using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>
/// Two hidden sizes that must agree but are separate constructor parameters: the generator cannot decide
/// it, so the generated code checks it when the module is first used, with GG0101's message.
/// </summary>
[Module]
public partial class MismatchedHidden
{
    private readonly Linear fc1;
    private readonly Linear fc2;

    public MismatchedHidden(int hiddenOut, int hiddenIn)
    {
        fc1 = new Linear(4, hiddenOut);
        fc2 = new Linear(hiddenIn, 2);
    }

    public Tensor Forward(Tensor x) => fc2.Call(F.Relu(fc1.Call(x)));
}
