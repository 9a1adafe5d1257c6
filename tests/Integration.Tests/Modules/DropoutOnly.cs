using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>Dropout alone (p = 0.5, while training): its compiled mask can be read off the output and the gradient.</summary>
[Module]
public partial class DropoutOnly
{
    public Tensor Forward(Tensor x) => F.Dropout(x, 0.5, Training);
}
