using AotTrainingStep;
using GraphGen;
using GraphGen.Nn;
using GraphGen.Optim;

// One training step of a compiled [Module], the first thing the process does: .ci/run publishes this
// as Native AOT and times it from process start. Exit code 1 if the step did not lower the loss.
var x = Tensor.From(new float[,] { { 2, 3 }, { 1, -1 }, { 0.5f, 0.25f }, { -2, 1 } });
var y = Tensor.From(new long[] { 0, 1, 2, 1 });
var net = new StepModule(numInputs: 2, numClasses: 3);
var lossFn = new CrossEntropyLoss();
var optimizer = new SGD(net.Parameters(), lr: 0.1);

var loss = lossFn.Call(net.Call(x), y);
loss.Backward();
optimizer.Step();
optimizer.ZeroGrad();

float before = loss.Item<float>();
float after = lossFn.Call(net.Call(x), y).Item<float>();
Console.WriteLine($"one training step: loss {before:F4} -> {after:F4}");
return after < before ? 0 : 1;
