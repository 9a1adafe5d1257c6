using GraphGen;
using GraphGen.Nn;
using GraphGen.Optim;

// XOR: four points in two classes that no straight line separates.
var x = Tensor.From(new float[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } });
var y = Tensor.From(new long[] { 0, 1, 1, 0 });

var net = new XorNet();
var lossFn = new CrossEntropyLoss();
var optimizer = new Adam(net.Parameters(), lr: 0.05);
Console.WriteLine(net);
for (int step = 1; step <= 200; step++)
{
    var loss = lossFn.Call(net.Call(x), y);   // the generated, fused forward
    loss.Backward();                          // the generated, analytic backward
    optimizer.Step();
    optimizer.ZeroGrad();
    if (step == 1 || step % 50 == 0) Console.WriteLine($"step {step}: loss {loss.Item<float>():F4}");
}

[Module]
public partial class XorNet
{
    private readonly Linear fc1 = new(2, 16);
    private readonly Linear fc2 = new(16, 2);

    public Tensor Forward(Tensor x) => fc2.Call(F.Relu(fc1.Call(x)));
}
