using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>The shape of mlp.json's first case: Linear-ReLU-Linear-ReLU-Linear in a Sequential named pipe.</summary>
[Module]
public partial class OracleMlp3
{
    private readonly Sequential pipe;

    public OracleMlp3(int inputs, int hidden1, int hidden2, int classes)
    {
        pipe = new Sequential(new Linear(inputs, hidden1), new ReLU(), new Linear(hidden1, hidden2), new ReLU(), new Linear(hidden2, classes));
    }

    public Tensor Forward(Tensor x) => pipe.Call(x);
}

/// <summary>The shape of mlp.json's second case (784-128-10): Linear-ReLU-Linear in a Sequential named pipe.</summary>
[Module]
public partial class OracleMlp2
{
    private readonly Sequential pipe;

    public OracleMlp2(int inputs, int hidden, int classes)
    {
        pipe = new Sequential(new Linear(inputs, hidden), new ReLU(), new Linear(hidden, classes));
    }

    public Tensor Forward(Tensor x) => pipe.Call(x);
}
