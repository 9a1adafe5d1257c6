using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>Sequences [B, 4, 32]: a strided Conv1d with a fused Tanh, a dilated "same" one, then a Linear over the flattened map.</summary>
[Module]
public partial class Conv1dNet
{
    private readonly Conv1d conv1 = new(4, 8, 5, stride: 2, padding: 2);
    private readonly Conv1d conv2 = new(8, 8, 3, padding: "same", dilation: 2);
    private readonly Linear fc = new(8 * 16, 3);

    public Tensor Forward([Shape(4, 32)] Tensor x)
    {
        var h = conv1.Call(x).Tanh();
        h = F.Relu(conv2.Call(h)) + h;
        return fc.Call(h.Flatten(1));
    }
}
