// A small conv-BN network trained on the full Fashion-MNIST (60,000 training and 10,000 test images) with Adam and
// a cosine learning-rate schedule, in GraphGen's eager API.
// Usage: dotnet run --project samples/FashionCnn -c Release [-- epochs [data-directory]]
// The data comes from Debian's dataset-fashion-mnist package (apt-get install -y dataset-fashion-mnist), or from the
// directory given as the second argument (samples/Trainer/Data holds a 12,000/2,000 subset).
using System.Diagnostics;
using GraphGen;
using GraphGen.Data;
using GraphGen.Nn;
using GraphGen.Optim;
using GraphGen.Samples;

const int DefaultEpochs = 5;
const int BatchSize = 64;
const int EvaluationChunk = 1000; // a whole 10k split at once would hold ~1 GB of activations

int epochs = DefaultEpochs;
if (args.Length > 0 && (!int.TryParse(args[0], out epochs) || epochs < 1))
{
    Console.Error.WriteLine($"error: epochs '{args[0]}' is not a positive whole number. Usage: [epochs (default {DefaultEpochs})] [data-directory]");
    return 2;
}
string? directory = args.Length > 1 ? args[1] : null;

FashionMnist train, test;
try
{
    train = FashionMnist.Load(directory, train: true, flatten: false);
    test = FashionMnist.Load(directory, train: false, flatten: false);
}
catch (Exception e) when (e is IOException or FormatException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
Console.WriteLine($"Fashion-MNIST: {train.Count:N0} training and {test.Count:N0} test images");

Tensor.ManualSeed(42);
var net = new FashionCnnNet();
Console.WriteLine(net);
Console.WriteLine($"{net.ParameterCount:N0} parameters; Adam, lr 1e-3 (cosine over {epochs} epochs), batch size {BatchSize}");
var lossFn = new CrossEntropyLoss();
var optimizer = new Adam(net.Parameters(), lr: 1e-3);
var scheduler = new CosineAnnealingLR(optimizer, tMax: epochs);
var loader = new DataLoader(train.ToDataset(), batchSize: BatchSize, shuffle: true, dropLast: false, seed: 42);

var total = Stopwatch.StartNew();
double accuracy = 0;
for (int epoch = 1; epoch <= epochs; epoch++)
{
    var clock = Stopwatch.StartNew();
    net.Train();
    double lossSum = 0;
    int batches = 0;
    foreach (var batch in loader)
    {
        var loss = lossFn.Call(net.Call(batch[0]), batch[1]);
        loss.Backward();
        optimizer.Step();
        optimizer.ZeroGrad();
        lossSum += loss.Item<float>();
        batches++;
    }
    scheduler.Step();
    double seconds = clock.Elapsed.TotalSeconds;
    accuracy = Accuracy(net, test);
    Console.WriteLine($"epoch {epoch}: train loss {lossSum / batches:F4}, test accuracy {accuracy:P2}, {seconds:F0} s training");
}
Console.WriteLine($"Final test accuracy: {accuracy:P2} after {epochs} epoch(s), {total.Elapsed.TotalMinutes:F1} min");
return 0;

// Evaluation mode (BatchNorm uses its running statistics), without recording gradients, a chunk at a time.
static double Accuracy(Module net, FashionMnist data)
{
    net.Eval();
    using var _ = Autograd.NoGrad();
    long correct = 0;
    for (int start = 0; start < data.Count; start += EvaluationChunk)
    {
        int length = Math.Min(EvaluationChunk, data.Count - start);
        var predicted = net.Call(data.Images.Narrow(0, start, length)).ArgMax(1);
        correct += predicted.Eq(data.Labels.Narrow(0, start, length)).Sum().Item<long>();
    }
    return correct / (double)data.Count;
}
