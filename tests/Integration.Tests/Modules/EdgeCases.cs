using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>No parameters at all: the input's features stay a run-time size; only the input can need a gradient.</summary>
[Module]
public partial class ParameterFree
{
    public Tensor Forward(Tensor x) => F.Relu(x) * 2 - x / 4;
}

/// <summary>An Identity layer and a Forward that returns (a view of) its input: no kernels, the result is a copy.</summary>
[Module]
public partial class Passthrough
{
    private readonly Identity identity = new();

    public Tensor Forward(Tensor x) => identity.Call(x);
}

/// <summary>One layer called twice (shared weights): both uses' gradients accumulate into its parameters.</summary>
[Module]
public partial class SharedLayer
{
    private readonly Linear fc = new(5, 5);

    public Tensor Forward(Tensor x) => fc.Call(F.Tanh(fc.Call(x)));
}

/// <summary>A Sequential inside a Sequential, a [Module] inside a Sequential, and a const dimension.</summary>
[Module]
public partial class NestedSequential
{
    private const int Hidden = 6;

    private readonly Sequential pipe = new(
        new Sequential(new Linear(3, Hidden), new Tanh()),
        new ResidualBlock(Hidden),
        new Sequential(new Linear(Hidden, 2), new Identity()));

    public Tensor Forward(Tensor x) => pipe.Forward(x);
}
