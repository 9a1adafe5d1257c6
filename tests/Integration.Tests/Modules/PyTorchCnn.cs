using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>
/// The CNN of tests/Runtime.Tests/Serialization/TestData/make_pytorch_checkpoints.py (class Cnn) with PyTorch's field
/// names, so its checkpoints load strictly (PyTorchCnnCheckpointTests): conv-BN-ReLU-maxpool, conv, flatten, linear.
/// </summary>
/// <remarks>Shape: input [B, 1, 8, 8]; conv1 block [B, 4, 4, 4]; conv2 [B, 6, 2, 2]; output [B, 3].</remarks>
[Module]
public partial class PyTorchCnn
{
    private readonly Conv2d conv1 = new(1, 4, kernelSize: 3, padding: 1);
    private readonly BatchNorm2d bn1 = new(4);
    private readonly Conv2d conv2 = new(4, 6, kernelSize: 3);
    private readonly Linear fc = new(6 * 2 * 2, 3);

    public Tensor Forward([Shape(1, 8, 8)] Tensor x)
    {
        var h = F.MaxPool2d(F.Relu(bn1.Call(conv1.Call(x))), 2);
        return fc.Call(conv2.Call(h).Flatten(1));
    }
}
