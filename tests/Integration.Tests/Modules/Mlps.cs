using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>One hidden layer, activations as functional calls: Linear, F.Relu, Linear.</summary>
[Module]
public partial class Mlp1
{
    private readonly Linear fc1;
    private readonly Linear fc2;

    public Mlp1(int inputs, int hidden, int outputs)
    {
        fc1 = new Linear(inputs, hidden);
        fc2 = new Linear(hidden, outputs);
    }

    public Tensor Forward(Tensor x)
    {
        var h = F.Relu(fc1.Call(x));
        return fc2.Call(h);
    }
}

/// <summary>Two hidden layers initialised at their declarations, tanh and sigmoid (both fused into GEMM epilogues).</summary>
[Module]
public partial class Mlp2
{
    private readonly Linear fc1 = new(6, 16);
    private readonly Linear fc2 = new(16, 8);
    private readonly Linear fc3 = new(8, 3);

    public Tensor Forward(Tensor x)
    {
        var h = fc1.Forward(x).Tanh();
        h = F.Sigmoid(fc2.Call(h));
        return fc3.Call(h);
    }
}

/// <summary>Three hidden layers from a primary constructor: LeakyReLU and GELU layers (elementwise kernels), no bias on the last layer.</summary>
[Module]
public partial class Mlp3(int inputs, int hidden, int outputs)
{
    private readonly Linear fc1 = new(inputs, hidden);
    private readonly LeakyReLU act1 = new(0.1);
    private readonly Linear fc2 = new(hidden, hidden);
    private readonly GELU act2 = new();
    private readonly Linear fc3 = new(hidden, hidden);
    private readonly ReLU act3 = new();
    private readonly Linear fc4 = new(hidden, outputs, bias: false);

    public Tensor Forward(Tensor x)
    {
        var h = act1.Call(fc1.Call(x));
        h = act2.Call(fc2.Call(h));
        h = act3.Call(fc3.Call(h));
        return F.LogSoftmax(fc4.Call(h), dim: 1);
    }
}

/// <summary>ELU as a layer with a constructor-parameter alpha (read at run time) and as F.Elu with a constant.</summary>
[Module]
public partial class EluMlp(double alpha)
{
    private readonly Linear fc1 = new(5, 7);
    private readonly ELU act = new(alpha);
    private readonly Linear fc2 = new(7, 3);

    public Tensor Forward(Tensor x) => F.Elu(fc2.Call(act.Call(fc1.Call(x))), 0.5);
}
