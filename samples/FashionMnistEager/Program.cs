// A classic PyTorch training loop in GraphGen's eager API: a 784-128-10 MLP on Fashion-MNIST.
// Usage: dotnet run --project samples/FashionMnistEager -c Release [-- epochs [data-directory]]
using System.Diagnostics;
using GraphGen;
using GraphGen.Data;
using GraphGen.Nn;
using GraphGen.Optim;

int epochs = args.Length > 0 ? int.Parse(args[0]) : 5;
string? directory = args.Length > 1 ? args[1] : null;

Tensor.ManualSeed(42);
var train = FashionMnist.Load(directory, train: true);
var test = FashionMnist.Load(directory, train: false);
Console.WriteLine($"Fashion-MNIST: {train.Count} training and {test.Count} test images");

var net = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
Console.WriteLine(net);
var lossFn = new CrossEntropyLoss();
var optimizer = new Adam(net.Parameters(), lr: 1e-3);
var loader = new DataLoader(train.ToDataset(), batchSize: 64, shuffle: true, dropLast: false, seed: 42);

for (int epoch = 1; epoch <= epochs; epoch++)
{
    var clock = Stopwatch.StartNew();
    net.Train();
    double lossSum = 0;
    int batches = 0;
    foreach (var batch in loader)                 // PyTorch's "for batch in loader"
    {
        var output = net.Forward(batch[0]);       // forward
        var loss = lossFn.Call(output, batch[1]); // loss
        loss.Backward();                          // backward
        optimizer.Step();                         // step
        optimizer.ZeroGrad();                     // zero_grad
        lossSum += loss.Item<float>();
        batches++;
    }
    double seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"epoch {epoch}: train loss {lossSum / batches:F4}, test accuracy {Accuracy(net, test):P2}, {seconds:F1} s/epoch");
}

static double Accuracy(Sequential net, FashionMnist data)
{
    net.Eval();
    using var _ = Autograd.NoGrad();
    var predicted = net.Forward(data.Images).ArgMax(1);
    return predicted.Eq(data.Labels).Sum().Item<long>() / (double)data.Count;
}
