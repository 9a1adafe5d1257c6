using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>An MLP with BatchNorm1d after each hidden Linear: batch statistics while training, running ones in eval.</summary>
[Module]
public partial class BatchNormMlp
{
    private readonly Linear fc1;
    private readonly BatchNorm1d bn1;
    private readonly Linear fc2;
    private readonly BatchNorm1d bn2 = new(8, momentum: null);
    private readonly Linear fc3 = new(8, 3);

    public BatchNormMlp(int inputs, int hidden)
    {
        fc1 = new Linear(inputs, hidden);
        bn1 = new BatchNorm1d(hidden);
        fc2 = new Linear(hidden, 8);
    }

    public Tensor Forward(Tensor x)
    {
        var h = F.Relu(bn1.Call(fc1.Call(x)));
        h = bn2.Call(fc2.Call(h)).Tanh();
        return fc3.Call(h);
    }
}
