# The PyTorch program that samples/GettingStarted (Program.cs and the files beside it) translates, line for line.
# Its output is expected-output.txt, which the sample must print too (tests/Integration.Tests/GettingStartedSampleTests.cs):
#
#     python3 samples/GettingStarted/lecture.py 2>/dev/null > samples/GettingStarted/expected-output.txt
#
# Each line prints the C# code it translates ('>>> ...') and PyTorch's value for it. Where a value depends on random
# numbers the two programs draw differently, both do the same fixed thing instead:
#   - weights: every module gets fixed_weights(module) through load_state_dict (the sample's FixedWeights.For);
#   - dropout: modules are called in eval mode (the sample's nets too), or built with dropout_prob=0 for training;
#   - torch.FloatTensor(3, 2) is uninitialised memory in PyTorch and zeros in GraphGen: torch.zeros stands in for it.
# The one value that depends on the machine is the answer of moving a tensor to CUDA; the test does not compare it.
import numpy as np
import torch
import torch.nn as nn


def section(title):
    print(f"\n== {title} ==")


def show(code, value):
    print(f">>> {code}")
    print(value)


def fixed_weights(module):
    """The state dict with fixed values ((k·37 mod 19) - 9)/20 for k = 0, 1, 2, ... in state-dict order."""
    k = 0
    state = {}
    for name, t in module.state_dict().items():
        values = [((k + i) * 37 % 19 - 9) / 20.0 for i in range(t.numel())]
        k += t.numel()
        state[name] = torch.tensor(values, dtype=torch.float32).reshape(t.shape)
    return state


section("Tensor creation, four ways")
a = torch.zeros(3, 2)
show("a = Tensor.Empty(3, 2)", a)
show("a.Zero_()", a.zero_())
show("Tensor.From(new float[,] { { 1, 2, 3 }, { 3, 2, 1 } })", torch.FloatTensor([[1, 2, 3], [3, 2, 1]]))
n = np.zeros(shape=(3, 2))
show("Tensor.From(n)                      // float64 data keeps its dtype", torch.tensor(n))
show("Tensor.From(n, DType.Float32)       // torch.tensor(n, dtype=torch.float32)", torch.tensor(n, dtype=torch.float32))

section("Scalar tensors")
ints = torch.tensor([1, 2, 3])
show("a = Tensor.From(new long[] { 1, 2, 3 })", ints)
s = ints.sum()
show("s = a.Sum()", s)
show("s.Item<long>()", s.item())
show("Tensor.Scalar(1L)", torch.tensor(1))

section("In place versus functional")
t = torch.FloatTensor([2, 3])
show("t + 1                               // a new tensor", t + 1)
show("t                                   // unchanged", t)
show("t.Add_(1)                           // in place: trailing underscore", t.add_(1))
show("t                                   // changed", t)

section("Devices")
c = torch.FloatTensor([2, 3])
show("c.Device", c.device)
show("c.To(Device.Cpu) + 1", c.to("cpu") + 1)
try:
    show("c.To(Device.Cuda())", c.to("cuda"))
except (AssertionError, RuntimeError) as e:
    show("c.To(Device.Cuda())", e)

section("Gradients")
v1 = torch.tensor([1.0, 1.0], requires_grad=True)
v2 = torch.tensor([2.0, 2.0])
v_sum = v1 + v2
v_res = (v_sum * 2).sum()
show("v_res", v_res)
show("(v1.IsLeaf, v2.IsLeaf)", (v1.is_leaf, v2.is_leaf))
show("(v_sum.IsLeaf, v_res.IsLeaf)", (v_sum.is_leaf, v_res.is_leaf))
show("v1.RequiresGrad", v1.requires_grad)
show("v2.RequiresGrad", v2.requires_grad)
show("v_sum.RequiresGrad", v_sum.requires_grad)
show("v_res.RequiresGrad", v_res.requires_grad)
v_res.backward()
print(">>> v_res.Backward()")
show("v1.Grad", v1.grad)
show("v2.Grad", v2.grad)

section("NN building blocks: a Linear layer")
l = nn.Linear(2, 5)
show("l = new Linear(2, 5)", l)
show("l.LoadStateDict(FixedWeights.For(l))", l.load_state_dict(fixed_weights(l)))
v = torch.FloatTensor([1, 2])
show("l.Call(v)                           // v = Tensor.From(new float[] { 1, 2 })", l(v))

section("Module methods")
for name, p in l.named_parameters():
    show(f"l.NamedParameters(): {name}", f"{list(p.shape)} requires_grad={p.requires_grad}")
l(v).sum().backward()
print(">>> l.Call(v).Sum().Backward()")
show("l.Weight.Grad", l.weight.grad)
l.zero_grad(set_to_none=True)  # PyTorch 2's default (1.13's default was set_to_none=False)
print(">>> l.ZeroGrad()")
show("l.Weight.Grad", l.weight.grad)
show("l.To(Device.Cpu)", l.to("cpu"))
state = l.state_dict()
for key, value in state.items():
    show(f"l.StateDict()[\"{key}\"]", value)
show("l.LoadStateDict(state)", l.load_state_dict(state))

section("Sequential")
s = nn.Sequential(
    nn.Linear(2, 5), nn.ReLU(),
    nn.Linear(5, 20), nn.ReLU(),
    nn.Linear(20, 10),
    nn.Dropout(p=0.3),
    nn.Softmax(dim=1))
show("s", s)
s.load_state_dict(fixed_weights(s))
s.eval()
print(">>> s.LoadStateDict(FixedWeights.For(s)); s.Eval();")
show("s.Call(Tensor.From(new float[,] { { 1, 2 } }))", s(torch.FloatTensor([[1, 2]])))


class OurModule(nn.Module):
    def __init__(self, num_inputs, num_classes, dropout_prob=0.3):
        super(OurModule, self).__init__()
        self.pipe = nn.Sequential(
            nn.Linear(num_inputs, 5), nn.ReLU(),
            nn.Linear(5, 20), nn.ReLU(),
            nn.Linear(20, num_classes),
            nn.Dropout(p=dropout_prob),
            nn.Softmax())

    def forward(self, x):
        return self.pipe(x)


section("A custom module")
net = OurModule(num_inputs=2, num_classes=3)
show("net = new OurModule(numInputs: 2, numClasses: 3)", net)
net.load_state_dict(fixed_weights(net))
net.eval()
print(">>> net.LoadStateDict(FixedWeights.For(net)); net.Eval();")
v = torch.FloatTensor([2, 3])
out = net(v)
print(">>> var out = net.Call(Tensor.From(new float[] { 2, 3 }));")
show("out.Detach()                        // the values (out's grad_fn is the compiled OurModuleBackward)", out.detach())

section("Loss functions")
prediction = torch.tensor([0.2, 0.7, 0.9], requires_grad=True)
show("new MSELoss().Call(prediction, Tensor.From(new float[] { 0, 1, 1 }))", nn.MSELoss()(prediction, torch.tensor([0.0, 1.0, 1.0])))
show("new BCELoss().Call(prediction, Tensor.From(new float[] { 0, 1, 1 }))", nn.BCELoss()(prediction, torch.tensor([0.0, 1.0, 1.0])))
logits = torch.tensor([[1.5, -0.5, 0.2], [0.1, 2.0, -1.0]], requires_grad=True)
show("new BCEWithLogitsLoss().Call(logits, Tensor.From(new float[,] { { 1, 0, 0 }, { 0, 1, 0 } }))",
     nn.BCEWithLogitsLoss()(logits, torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])))
classes = torch.tensor([0, 1])
show("new CrossEntropyLoss().Call(logits, classes)   // classes = Tensor.From(new long[] { 0, 1 })", nn.CrossEntropyLoss()(logits, classes))
show("new NLLLoss().Call(logits.LogSoftmax(1), classes)", nn.NLLLoss()(logits.log_softmax(1), classes))

section("Optimizers")
x = torch.tensor([[1.0, 2.0], [2.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
y = torch.tensor([[1.0], [0.0], [1.0], [0.0]])
for label, make in [
    ("new SGD(model.Parameters(), lr: 0.1, momentum: 0.9)", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)),
    ("new RMSprop(model.Parameters(), lr: 0.01)", lambda ps: torch.optim.RMSprop(ps, lr=0.01)),
    ("new Adagrad(model.Parameters(), lr: 0.1)", lambda ps: torch.optim.Adagrad(ps, lr=0.1)),
]:
    model = nn.Linear(2, 1)
    model.load_state_dict(fixed_weights(model))
    optimizer = make(model.parameters())
    for _ in range(3):
        loss = nn.MSELoss()(model(x), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    show(f"{label}; three steps; model.Weight.Detach()", model.weight.detach())

section("The training loop")
train_net = OurModule(num_inputs=2, num_classes=3, dropout_prob=0.0)
train_net.load_state_dict(fixed_weights(train_net))
data_x = torch.tensor([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, 2.0], [2.0, 0.5], [1.5, 1.5], [0.0, 2.0], [2.0, 0.0]])
data_y = torch.eye(3)[[0, 1, 2, 0, 1, 2, 0, 1]]
loss_function = nn.MSELoss()
optimizer = torch.optim.SGD(train_net.parameters(), lr=0.5)
for epoch in range(3):
    for start in range(0, len(data_x), 4):
        batch_x_t, batch_y_t = data_x[start:start + 4], data_y[start:start + 4]
        out_t = train_net(batch_x_t)
        loss_t = loss_function(out_t, batch_y_t)
        loss_t.backward()
        optimizer.step()
        optimizer.zero_grad()
        show(f"epoch {epoch}, batch {start // 4}: loss_t", loss_t)
