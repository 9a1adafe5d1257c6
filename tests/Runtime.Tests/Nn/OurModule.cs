using GraphGen.Nn;

namespace GraphGen.Tests.Nn;

/// <summary>The seed's model, written by hand the way the generator will write it: children registered explicitly.</summary>
public sealed class OurModule : Module
{
    private readonly Sequential _pipe;

    public OurModule(int numInputs, int numClasses, double dropoutProb = 0.3, RandomGenerator? generator = null)
    {
        _pipe = new Sequential(
            new Linear(numInputs, 5, generator: generator), new ReLU(),
            new Linear(5, 20, generator: generator), new ReLU(),
            new Linear(20, numClasses, generator: generator),
            new Dropout(dropoutProb, generator),
            new Softmax(dim: 1));
        RegisterModule("pipe", _pipe);
    }

    public Sequential Pipe => _pipe;

    public Tensor Forward(Tensor x) => _pipe.Call(x);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);
}
