using GraphGen.Nn;

namespace GraphGen.Trainer;

/// <summary>
/// The classifier the trainer fits: a 784-256-10 multi-layer perceptron over flattened 28x28 images, giving
/// one logit per Fashion-MNIST class. Input [B, 784] float32, output [B, 10] logits.
/// </summary>
/// <remarks>
/// TEMPORARY hand-written module: the [Module] source generator is not in main yet, so this class does by hand
/// what it will generate (derive from Module, register the children in field order, route Call to Forward).
/// Once the generator lands this becomes <c>[Module] public partial class FashionClassifier</c> with the same
/// fields and Forward, and the constructor and CallCore go away.
/// </remarks>
public partial class FashionClassifier : Module
{
    /// <summary>Width of the hidden layer (the second argument of <c>fc1</c>, the first of <c>fc2</c>).</summary>
    public const int HiddenFeatures = 256;

    private readonly Linear fc1 = new(784, 256);
    private readonly Linear fc2 = new(256, 10);

    public FashionClassifier()
    {
        RegisterModule(nameof(fc1), fc1);
        RegisterModule(nameof(fc2), fc2);
    }

    public Tensor Forward(Tensor x) => fc2.Call(F.Relu(fc1.Call(x)));

    protected override Tensor CallCore(Tensor input) => Forward(input);
}
