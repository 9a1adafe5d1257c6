using GraphGen.Nn;

namespace GraphGen.Bench;

// DESIGN.md's four "What to beat" networks as [Module] classes, compiled by the real generator
// (src/Generator, referenced as an analyzer by bench/SideBySide and bench/Benchmarks): `Call` runs the
// generated fused kernels and the analytic backward; `Forward` stays the eager reference. Hidden layers
// use ReLU and the last layer is plain (the losses take logits), as in EagerMlp.

/// <summary>2-5-20-3, the seed's module without its Dropout and Softmax (cross entropy takes logits).</summary>
[Module]
public partial class SeedMlp
{
    private readonly Sequential pipe;

    public SeedMlp(int numInputs, int numClasses)
    {
        pipe = new Sequential(
            new Linear(numInputs, 5), new ReLU(),
            new Linear(5, 20), new ReLU(),
            new Linear(20, numClasses));
    }

    public Tensor Forward(Tensor x) => pipe.Call(x);
}

/// <summary>784-128-10: one hidden layer.</summary>
[Module]
public partial class Mlp784x128x10
{
    private readonly Linear fc1 = new(784, 128);
    private readonly Linear fc2 = new(128, 10);

    public Tensor Forward(Tensor x) => fc2.Call(F.Relu(fc1.Call(x)));
}

/// <summary>784-512-512-10: two hidden layers.</summary>
[Module]
public partial class Mlp784x512x512x10
{
    private readonly Linear fc1 = new(784, 512);
    private readonly Linear fc2 = new(512, 512);
    private readonly Linear fc3 = new(512, 10);

    public Tensor Forward(Tensor x)
    {
        var h = F.Relu(fc1.Call(x));
        h = F.Relu(fc2.Call(h));
        return fc3.Call(h);
    }
}

/// <summary>4096-4096-4096 (trained with MSE): one hidden layer, ~52 GFLOP per training step at batch 256.</summary>
[Module]
public partial class Mlp4096x4096x4096
{
    private readonly Linear fc1 = new(4096, 4096);
    private readonly Linear fc2 = new(4096, 4096);

    public Tensor Forward(Tensor x) => fc2.Call(F.Relu(fc1.Call(x)));
}
