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

/// <summary>Softmax and LogSoftmax without a dim (PyTorch's implicit dim from the rank), as a layer and as F.*, on ranks 2, 3 and 4.</summary>
[Module]
public partial class ImplicitSoftmaxDims
{
    private readonly Linear fc = new(4, 12);
#pragma warning disable GG0412 // the implicit dim is what this module tests
    private readonly LogSoftmax logSoftmax = new();
#pragma warning restore GG0412

    public Tensor Forward(Tensor x)
    {
        var h = fc.Call(x);
        var rows = logSoftmax.Call(h);                      // [B, 12]: dim 1
        var cube = F.Softmax(h.View(h.Size(0), 4, 3));      // [B, 4, 3]: dim 0, the batch
        var images = F.LogSoftmax(h.View(h.Size(0), 2, 2, 3)); // [B, 2, 2, 3]: dim 1
        return rows + cube.View(h.Size(0), -1) + images.View(h.Size(0), -1);
    }
}
