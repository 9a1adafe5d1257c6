using GraphGen;
using GraphGen.Nn;

namespace AotTrainingStep;

/// <summary>The 2-5-20-3 classifier of the README's tour, without dropout so that a step is repeatable.</summary>
[Module]
public partial class StepModule
{
    private readonly Sequential pipe;

    public StepModule(int numInputs, int numClasses)
    {
        pipe = new Sequential(
            new Linear(numInputs, 5), new ReLU(),
            new Linear(5, 20), new ReLU(),
            new Linear(20, numClasses));
    }

    public Tensor Forward(Tensor x) => pipe.Call(x);
}
