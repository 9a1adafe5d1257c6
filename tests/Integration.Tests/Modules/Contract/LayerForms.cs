using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules.Contract;

/// <summary>Layers of a Sequential called one by one (<c>pipe[0]</c>, a negative index, a nested one), and the whole Sequential with Forward.</summary>
[Module]
public partial class IndexedSequential
{
    private readonly Sequential pipe = new(new Linear(4, 8), new ReLU(), new Sequential(new Linear(8, 3), new Tanh()));

    public Tensor Forward(Tensor x)
    {
        var h = pipe[1].Call(pipe[0].Call(x));
        var last = (Sequential)pipe[-1];
        return last[0].Call(h) + ((Sequential)pipe[2])[1].Call(last[0].Call(h)) - pipe.Forward(x);
    }
}

/// <summary>One [Module] child called three times (shared weights), by Call and by Forward, its result used in arithmetic and as a local.</summary>
[Module]
public partial class ChildUsedTwice
{
    private readonly ResidualBlock block = new(6);
    private readonly Linear head = new(6, 2);

    public Tensor Forward(Tensor x)
    {
        var h = block.Call(x);
        return head.Forward(block.Forward(h) + block.Call(h.View(h.Size(0), -1)) * 0.5f);
    }
}

/// <summary>Dimensions from a const, a static readonly field and constructor parameters; layers made at the declaration and in the constructor.</summary>
[Module]
public partial class DimensionSources
{
    private const int Inputs = 5;
    private static readonly int Hidden = 7;
    private static readonly double Slope = 0.05;

    private readonly Linear fc1 = new(Inputs, Hidden);
    private readonly LeakyReLU act = new(Slope);
    private readonly Linear fc2;
    private readonly Sequential head;

    public DimensionSources(int width, int classes)
    {
        fc2 = new Linear(Hidden, width);
        head = new Sequential(new Linear(width, classes), new LogSoftmax(dim: -1));
    }

    public Tensor Forward(Tensor x) => head.Call(F.Relu(fc2.Call(act.Call(fc1.Call(x)))).View(x.Size(0), -1));
}

/// <summary>A [Module] child of two inputs, called with its generated two-tensor Call, and a Flatten layer with explicit dims.</summary>
[Module]
public partial class TwoInputChild
{
    private readonly TwoInputModule pair = new(3, 5, 8);
    private readonly Flatten flatten = new(startDim: 1, endDim: 2);
    private readonly Linear fc = new(5, 5);

    public Tensor Forward(Tensor a, Tensor b)
    {
        var cube = b.View(b.Size(0), 5, 1);
        var rows = fc.Call(flatten.Call(cube));
        return pair.Call(a, rows) + pair.Forward(a * 2, b);
    }
}
