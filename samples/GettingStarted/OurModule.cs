using GraphGen;
using GraphGen.Nn;

namespace GettingStarted;

/// <summary>
/// The lecture's custom module exactly as written, <c>nn.Softmax()</c> without a dim included: PyTorch's implicit
/// dim, the features of a [features] or [batch, features] input. The generator compiles Forward into Call.
/// </summary>
[Module]
public partial class OurModule
{
    private readonly Sequential pipe;

    public OurModule(int numInputs, int numClasses, double dropoutProb = 0.3)
    {
        pipe = new Sequential(
            new Linear(numInputs, 5), new ReLU(),
            new Linear(5, 20), new ReLU(),
            new Linear(20, numClasses),
            new Dropout(dropoutProb),
#pragma warning disable GG0412 // the lecture's module exactly as written: nn.Softmax() with PyTorch's implicit dim
            new Softmax());
#pragma warning restore GG0412
    }

    public Tensor Forward(Tensor x) => pipe.Call(x);
}
