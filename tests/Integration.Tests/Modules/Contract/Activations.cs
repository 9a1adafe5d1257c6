using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules.Contract;

/// <summary>Every activation layer, with its constructor arguments (slope, approximation, alpha), in one Sequential.</summary>
[Module]
public partial class ActivationLayers
{
    private readonly Sequential pipe = new(
        new Linear(5, 8), new LeakyReLU(0.2),
        new Linear(8, 8), new GELU(approximate: "tanh"),
        new Linear(8, 8), new GELU(),
        new Linear(8, 8), new ELU(alpha: 0.5),
        new Linear(8, 8), new Sigmoid(),
        new Linear(8, 8), new Tanh(),
        new Linear(8, 8), new LeakyReLU(),
        new Linear(8, 3), new ReLU());

    public Tensor Forward(Tensor x) => pipe.Call(x);
}

/// <summary>Every F.* activation, with and without its optional argument.</summary>
[Module]
public partial class ActivationFunctions
{
    private readonly Linear fc1 = new(5, 8);
    private readonly Linear fc2 = new(8, 8);
    private readonly Linear fc3 = new(8, 8);
    private readonly Linear fc4 = new(8, 3);

    public Tensor Forward(Tensor x)
    {
        var h = F.LeakyRelu(fc1.Call(x), negativeSlope: 0.2);
        h = F.Gelu(F.LeakyRelu(h), "tanh");
        h = F.Gelu(fc2.Call(h));
        h = F.Elu(F.Elu(h, 0.5));
        h = F.Sigmoid(fc3.Call(h)) + F.Tanh(h);
        return F.Relu(fc4.Call(h));
    }
}

/// <summary>The activations and unary ops as Tensor methods, and unary minus.</summary>
[Module]
public partial class ActivationMethods
{
    private readonly Linear fc1 = new(5, 8);
    private readonly Linear fc2 = new(8, 4);

    public Tensor Forward(Tensor x)
    {
        var h = fc1.Call(x).LeakyRelu(0.3).Gelu("tanh").Elu(0.8);
        h = h.Sigmoid() + h.Tanh() - h.Relu().Gelu();
        var positive = h.Abs() + 1;
        h = positive.Log() + positive.Sqrt() - (-h).Exp() + h.Neg();
        return fc2.Call(h);
    }
}
