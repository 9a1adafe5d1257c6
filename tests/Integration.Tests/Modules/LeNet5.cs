using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>
/// LeNet-5 on 28x28 images (padding 2 keeps the first map 28x28): conv-relu-pool-conv-relu-pool-flatten-fc-fc-fc. The
/// declared shape makes every size a constant: the Flatten gives 16·5·5 = 400 features, checked at build time.
/// </summary>
[Module]
public partial class LeNet5
{
    private readonly Conv2d conv1 = new(1, 6, 5, padding: 2);
    private readonly MaxPool2d pool1 = new(2);
    private readonly Conv2d conv2 = new(6, 16, kernelSize: (5, 5));
    private readonly Flatten flatten = new();
    private readonly Linear fc1 = new(16 * 5 * 5, 120);
    private readonly Linear fc2 = new(120, 84);
    private readonly Linear fc3 = new(84, 10);

    public Tensor Forward([Shape(1, 28, 28)] Tensor x)
    {
        var h = pool1.Call(F.Relu(conv1.Call(x)));
        h = F.MaxPool2d(conv2.Call(h).Relu(), 2);
        h = F.Relu(fc1.Call(flatten.Call(h)));
        h = F.Relu(fc2.Call(h));
        return fc3.Call(h);
    }
}
