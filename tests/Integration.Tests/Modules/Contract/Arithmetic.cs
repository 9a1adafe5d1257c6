using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules.Contract;

/// <summary>Scaling and shifting by literals, consts and static readonly values, on either side of the operator.</summary>
[Module]
public partial class Scaling
{
    private const float Scale = 1.5f;
    private const int Divisor = 4;
    private static readonly float Shift = 0.25f;

    private readonly Linear fc1 = new(6, 6);
    private readonly Linear fc2 = new(6, 2);

    public Tensor Forward(Tensor x)
    {
        var h = fc1.Call(x);
        h = h * 0.5f + 2 * h - h / 2;
        h = 1 - h + (h - 0.25) * Scale;
        h = Scale * h / Divisor + Shift - h * Shift;
        return fc2.Call(-h + x);
    }
}

/// <summary>Sum and Mean over everything and along a dim (positive, negative, with and without keepDim), broadcast back together.</summary>
[Module]
public partial class Reductions
{
    private readonly Linear fc = new(5, 4);

    public Tensor Forward(Tensor x)
    {
        var h = fc.Call(x);
        var rowSum = h.Sum(1, keepDim: true);             // [B, 1]
#pragma warning disable GG0410 // the contract covers reductions over every dim, the batch included
        var colMean = h.Mean(0);                          // [4]
#pragma warning restore GG0410
        var lastSum = h.Sum(-1).View(-1, 1);              // [B, 1]
        var colSum = h.Sum(0, keepDim: true);             // [1, 4]
        var rowMean = h.Mean(dim: -1, keepDim: true);     // [B, 1]
        return rowSum * colMean + colSum - rowMean * h.Mean() + lastSum * h.Sum() / 10 + h.Mean(1).View(-1, 1);
    }
}
