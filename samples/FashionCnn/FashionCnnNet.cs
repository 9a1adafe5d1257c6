using GraphGen.Nn;

namespace GraphGen.Samples;

/// <summary>
/// A small convolutional classifier for 28x28 grayscale images (Fashion-MNIST): two blocks of 3x3 convolution,
/// batch normalisation, ReLU and 2x2 max pooling (32 then 64 channels), then one linear layer to the 10 logits.
/// 50,378 parameters; the samples/Trainer's <c>--model cnn</c> is this same class. A [Module]: the generator checks
/// every spatial size from <c>[Shape(1, 28, 28)]</c> at build time and compiles Forward and its backward.
/// </summary>
/// <remarks>
/// Shape: input [B, 1, 28, 28] float32; conv1 block [B, 32, 14, 14]; conv2 block [B, 64, 7, 7]; output [B, 10]
/// logits. State-dict keys are PyTorch's for the same layers (<c>conv1.weight</c>, <c>bn1.running_mean</c>, …), so a
/// PyTorch model with these field names loads the same checkpoint.
/// </remarks>
[Module]
public partial class FashionCnnNet
{
    private readonly Conv2d conv1 = new(1, 32, kernelSize: 3, padding: 1);
    private readonly BatchNorm2d bn1 = new(32);
    private readonly Conv2d conv2 = new(32, 64, kernelSize: 3, padding: 1);
    private readonly BatchNorm2d bn2 = new(64);
    private readonly Linear fc = new(64 * 7 * 7, 10);

    public Tensor Forward([Shape(1, 28, 28)] Tensor x)
    {
        var h = F.MaxPool2d(F.Relu(bn1.Call(conv1.Call(x))), 2);
        h = F.MaxPool2d(F.Relu(bn2.Call(conv2.Call(h))), 2);
        return fc.Call(h.Flatten(1));
    }
}
