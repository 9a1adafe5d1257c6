using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>
/// Constant odd widths 1, 3, 5, 7, 17, every fused activation and a layer without bias: each Linear has in·out ≤ 128,
/// so each gets the SmallLinear kernels (src/Generator/Ops/LinearOp.cs).
/// </summary>
[Module]
public partial class OddWidthMlp
{
    private readonly Linear fc1 = new(1, 3);
    private readonly Linear fc2 = new(3, 5);
    private readonly Linear fc3 = new(5, 7, bias: false);
    private readonly Linear fc4 = new(7, 17);
    private readonly Linear fc5 = new(17, 1);

    public Tensor Forward(Tensor x)
    {
        var h = F.Relu(fc1.Call(x));
        h = fc2.Call(h).Tanh();
        h = F.Sigmoid(fc3.Call(h));
        h = F.Relu(fc4.Call(h));
        return fc5.Call(h);
    }
}

/// <summary>
/// Both sides of the SmallLinear threshold (in·out ≤ 128, widths ≤ 64): 16x8 = 128 and 64x2 = 128 are specialised,
/// 8x17 = 136 and 2x65 keep the GEMM. fc6 and fc5 read the same value; the backward meets fc5 first, so the small fc6's
/// input gradient is added onto fc5's (accumulate: true).
/// </summary>
[Module]
public partial class SmallLinearBoundary
{
    private readonly Linear fc1 = new(16, 8);
    private readonly Linear fc2 = new(8, 17);
    private readonly Linear fc3 = new(17, 64);
    private readonly Linear fc4 = new(64, 2);
    private readonly Linear fc5 = new(2, 65);
    private readonly Linear fc6 = new(2, 3);

    public Tensor Forward(Tensor x)
    {
        var h = F.Relu(fc1.Call(x));
        h = F.Relu(fc2.Call(h));
        h = fc3.Call(h).Tanh();
        var narrow = fc4.Call(h);
        return fc6.Call(narrow).Sum(1, keepDim: true) + fc5.Call(narrow).Sum(1, keepDim: true);
    }
}
