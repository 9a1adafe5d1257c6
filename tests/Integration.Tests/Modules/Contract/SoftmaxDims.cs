using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules.Contract;

/// <summary>Softmax and LogSoftmax as layers, F.* and methods, over the last, the first and a middle dim, written positive and negative.</summary>
[Module]
public partial class SoftmaxDims
{
    private readonly Linear fc = new(4, 12);
    private readonly Softmax softmaxLast = new(dim: -1);
    private readonly LogSoftmax logSoftmaxRows = new(1);

    public Tensor Forward(Tensor x)
    {
        var h = fc.Call(x);
        var a = softmaxLast.Call(h) + logSoftmaxRows.Call(h);
#pragma warning disable GG0410 // the contract covers every dim, the batch included (a softmax over the batch is legal, if rarely meant)
        var b = F.Softmax(h, 0) - F.LogSoftmax(h, dim: -2);
#pragma warning restore GG0410
        var cube = h.View(h.Size(0), 3, 4);
        var c = cube.Softmax(1) * cube.LogSoftmax(-2) + F.Softmax(cube, -1);
        return a + b + c.View(h.Size(0), -1);
    }
}
