using GraphGen.Nn;

namespace GraphGen.Samples;

// What the [Module] generator will write for FashionCnnNet, by hand, until the compiler accepts Conv2d and
// BatchNorm2d (issue #11). To compile the model: delete this file, put [Module] on the class in FashionCnnNet.cs
// and [Shape(1, 28, 28)] on Forward's parameter.
public partial class FashionCnnNet : Module
{
    /// <summary>The layer fields as children, in declaration order, under their field names (the state-dict keys).</summary>
    protected override void RegisterMembers()
    {
        RegisterModule("conv1", conv1);
        RegisterModule("bn1", bn1);
        RegisterModule("conv2", conv2);
        RegisterModule("bn2", bn2);
        RegisterModule("fc", fc);
    }

    /// <summary>Runs the eager <see cref="Forward"/> (the compiled module's Call will run generated kernels instead).</summary>
    protected override Tensor CallCore(Tensor input) => Forward(input);
}
