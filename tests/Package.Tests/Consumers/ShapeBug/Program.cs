using GraphGen;
using GraphGen.Nn;

var net = new ShapeBug();
Console.WriteLine(net.Call(Tensor.Zeros(1, 4)));

// fc1 produces 5 features, fc2 expects 4: the packaged generator must stop this build with GG0101.
[Module]
public partial class ShapeBug
{
    private readonly Linear fc1 = new(4, 5);
    private readonly Linear fc2 = new(4, 3);

    public Tensor Forward(Tensor x) => fc2.Call(F.Relu(fc1.Call(x)));
}
