using GraphGen.Nn;

namespace GraphGen.Bench;

// The two CNNs of CnnSpec (see CnnArchitecture) as [Module] classes, compiled by the real generator: [Shape(1, 28, 28)]
// lets it check every spatial size at build time and compile Forward and its backward. The layers are those of
// EagerCnn.Create in the same order, so the state dicts list the same tensors in the same order (CompiledCnn copies
// the eager model's into these by position).

/// <summary>LeNet-5 for 28×28 inputs (<see cref="CnnArchitecture.LeNet5"/>).</summary>
[Module]
public partial class LeNet5Net
{
    private readonly Conv2d conv1 = new(1, 6, kernelSize: 5, padding: 2);
    private readonly Conv2d conv2 = new(6, 16, kernelSize: 5);
    private readonly Linear fc1 = new(16 * 5 * 5, 120);
    private readonly Linear fc2 = new(120, 84);
    private readonly Linear fc3 = new(84, CnnSpec.Classes);

    public Tensor Forward([Shape(1, 28, 28)] Tensor x)
    {
        var h = F.MaxPool2d(F.Relu(conv1.Call(x)), 2);
        h = F.MaxPool2d(F.Relu(conv2.Call(h)), 2);
        h = F.Relu(fc1.Call(h.Flatten(1)));
        h = F.Relu(fc2.Call(h));
        return fc3.Call(h);
    }
}

/// <summary>conv32-BN-ReLU-conv64-BN-ReLU-pool-GAP-linear (<see cref="CnnArchitecture.ConvBnGap"/>).</summary>
[Module]
public partial class ConvBnGapNet
{
    private readonly Conv2d conv1 = new(1, 32, kernelSize: 3, padding: 1);
    private readonly BatchNorm2d bn1 = new(32);
    private readonly Conv2d conv2 = new(32, 64, kernelSize: 3, padding: 1);
    private readonly BatchNorm2d bn2 = new(64);
    private readonly Linear fc = new(64, CnnSpec.Classes);

    public Tensor Forward([Shape(1, 28, 28)] Tensor x)
    {
        var h = F.Relu(bn1.Call(conv1.Call(x)));
        h = F.MaxPool2d(F.Relu(bn2.Call(conv2.Call(h))), 2);
        return fc.Call(F.AdaptiveAvgPool2d(h, 1).Flatten(1));
    }
}
