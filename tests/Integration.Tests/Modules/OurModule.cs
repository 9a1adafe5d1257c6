using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>The seed's module (PyTorch book, chapter 3): a Sequential with dropout and a softmax, sizes from the constructor.</summary>
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
            new Softmax(dim: 1));
    }

    public Tensor Forward(Tensor x) => pipe.Call(x);
}
