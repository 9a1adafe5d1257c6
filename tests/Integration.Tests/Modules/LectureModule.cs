using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>
/// The lecture's OurModule exactly as written: <c>nn.Softmax()</c> without a dim, PyTorch's implicit dim (the
/// features for a [2] or a [B, 2] input; dim 0 for a 3-D input, which runs the eager Forward).
/// </summary>
[Module]
public partial class LectureModule
{
    private readonly Sequential pipe;

    public LectureModule(int numInputs, int numClasses, double dropoutProb = 0.3)
    {
        pipe = new Sequential(
            new Linear(numInputs, 5), new ReLU(),
            new Linear(5, 20), new ReLU(),
            new Linear(20, numClasses),
            new Dropout(dropoutProb),
#pragma warning disable GG0412 // the lecture's module exactly as written: nn.Softmax() with PyTorch's implicit dim
            new Softmax());
#pragma warning restore GG0412
    }

    public Tensor Forward(Tensor x) => pipe.Call(x);
}
