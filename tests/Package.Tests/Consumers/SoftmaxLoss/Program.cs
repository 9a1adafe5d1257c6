using GraphGen;
using GraphGen.Nn;

var net = new Classifier();
var loss = new CrossEntropyLoss();
// The module ends in Softmax, CrossEntropyLoss expects logits: the packaged call-site analyzer warns GG0401 here.
Console.WriteLine(loss.Call(net.Call(Tensor.Zeros(2, 4)), Tensor.From(new long[] { 0, 2 })));

[Module]
public partial class Classifier
{
    private readonly Sequential pipe = new(new Linear(4, 8), new ReLU(), new Linear(8, 3), new Softmax(dim: 1));

    public Tensor Forward(Tensor x) => pipe.Call(x);
}
