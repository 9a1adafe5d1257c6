using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>
/// Every way a BatchNorm2d folds into the Conv2d before it in eval: a conv with bias into a BatchNorm without affine,
/// a conv without bias into an affine one (both with eps 0.1, so a fold that forgot ε would be far off), each followed by
/// ReLU (fused into the folded convolution) and pooling as in the FashionCnn sample; and a conv-BN whose output feeds a
/// residual add (folded without an activation).
/// </summary>
[Module]
public partial class ConvBnFolding
{
    private readonly Conv2d conv1 = new(1, 6, kernelSize: 5, padding: 2);
    private readonly BatchNorm2d bn1 = new(6, eps: 0.1, affine: false);
    private readonly Conv2d conv2 = new(6, 12, kernelSize: 3, bias: false);
    private readonly BatchNorm2d bn2 = new(12, eps: 0.1);
    private readonly Conv2d conv3 = new(12, 12, kernelSize: 3, padding: 1);
    private readonly BatchNorm2d bn3 = new(12);
    private readonly Linear fc = new(12 * 6 * 6, 10);

    public Tensor Forward([Shape(1, 28, 28)] Tensor x)
    {
        var h = F.MaxPool2d(F.Relu(bn1.Call(conv1.Call(x))), 2);
        h = F.MaxPool2d(F.Relu(bn2.Call(conv2.Call(h))), 2);
        h = F.Relu(h + bn3.Call(conv3.Call(h)));
        return fc.Call(h.Flatten(1));
    }
}
