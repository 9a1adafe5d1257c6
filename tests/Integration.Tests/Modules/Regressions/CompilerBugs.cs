using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules.Regressions;

// Minimal modules from a differential test of random modules (issue #17): each failed to build or to
// run before it was fixed; each must build, and its Call must match its Forward.

/// <summary>A fused chain of six operands: its GPU kernel once needed 18 launch arguments (the launcher stopped at 14).</summary>
[Module]
public partial class SixOperands
{
    private readonly Linear f1 = new(4, 4);
    private readonly Linear f2 = new(4, 4);
    private readonly Linear f3 = new(4, 4);
    private readonly Linear f4 = new(4, 4);
    private readonly Linear f5 = new(4, 4);

    public Tensor Forward(Tensor x) => f1.Call(x) * f2.Call(x) + f3.Call(x) * f4.Call(x) + f5.Call(x) * x;
}

/// <summary>A fused chain of twelve operands (eleven layers and the input).</summary>
[Module]
public partial class TwelveOperands
{
    private readonly Linear f1 = new(3, 3);
    private readonly Linear f2 = new(3, 3);
    private readonly Linear f3 = new(3, 3);
    private readonly Linear f4 = new(3, 3);
    private readonly Linear f5 = new(3, 3);
    private readonly Linear f6 = new(3, 3);
    private readonly Linear f7 = new(3, 3);
    private readonly Linear f8 = new(3, 3);
    private readonly Linear f9 = new(3, 3);
    private readonly Linear f10 = new(3, 3);
    private readonly Linear f11 = new(3, 3);

    public Tensor Forward(Tensor x) =>
        f1.Call(x) * f2.Call(x) + f3.Call(x) * f4.Call(x) - f5.Call(x) * f6.Call(x)
        + f7.Call(x) * f8.Call(x) + f9.Call(x).Tanh() * f10.Call(x) + f11.Call(x) * x;
}

/// <summary>A <c>static readonly</c> constant in a size product (was GG0202).</summary>
[Module]
public partial class StaticReadOnlyInSizeProduct
{
    private static readonly int Rows = 3;

    private readonly Linear fc1 = new(5, 6);
    private readonly Linear fc2 = new(2, 4);

    public Tensor Forward(Tensor x)
    {
        var h = fc1.Call(x);
        return fc2.Call(h.View(h.Size(0) * Rows, 2));
    }
}

/// <summary>A -1 that depends on a constructor parameter (was GG0105): computed, and checked to divide, at run time.</summary>
[Module]
public partial class CtorParamSplitByMinusOne(int hidden)
{
    private readonly Linear fc1 = new(6, hidden);
    private readonly Linear fc2 = new(hidden, 3);

    public Tensor Forward(Tensor x)
    {
        var h = fc1.Call(x);
        var c = h.View(h.Size(0), 2, -1);
        return fc2.Call(c.Softmax(-1).View(x.Size(0), -1));
    }
}

/// <summary><c>View(-1, 3)</c> of an input folds rows, as in PyTorch: [B, 9] is [3B, 3], not "3 features per row".</summary>
[Module]
public partial class InputRowsByMinusOne
{
    public Tensor Forward(Tensor x) => (x.View(-1, 3) * 2).View(x.Size(0), -1).LogSoftmax(-1);
}

/// <summary>The same fold feeding a Linear(9, 4): the input's features are 9, found through the two views (was GG0102).</summary>
[Module]
public partial class InputRowsIntoLinear
{
    private readonly Linear fc = new(9, 4);

    public Tensor Forward(Tensor x) => fc.Call(x.View(-1, 3).Tanh().View(x.Size(0), -1));
}
