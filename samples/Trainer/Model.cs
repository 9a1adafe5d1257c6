using GraphGen.Nn;

namespace GraphGen.Trainer;

/// <summary>
/// The classifier the trainer fits: a 784-256-10 multi-layer perceptron over flattened 28x28 images, giving
/// one logit per Fashion-MNIST class. Input [B, 784] float32, output [B, 10] logits.
/// </summary>
/// <remarks>
/// A <c>[Module]</c>: the source generator adds the <c>Module</c> base class, registers <c>fc1</c> and
/// <c>fc2</c> in field order (state-dict keys <c>fc1.weight</c>, <c>fc1.bias</c>, …), checks the layer sizes
/// at compile time, and compiles <see cref="Forward"/> into the fused forward and backward kernels that
/// <c>Call</c> runs (see obj/…/generated). <see cref="Forward"/> stays the eager reference.
/// </remarks>
[Module]
public partial class FashionClassifier
{
    /// <summary>Width of the hidden layer (the second argument of <c>fc1</c>, the first of <c>fc2</c>).</summary>
    public const int HiddenFeatures = 256;

    private readonly Linear fc1 = new(784, 256);
    private readonly Linear fc2 = new(256, 10);

    public Tensor Forward(Tensor x) => fc2.Call(F.Relu(fc1.Call(x)));
}
