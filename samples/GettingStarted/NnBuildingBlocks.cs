using GraphGen;
using GraphGen.Nn;
using static GettingStarted.Repl;

namespace GettingStarted;

/// <summary>The lecture's second half, first part: a Linear layer, the methods every Module has, a Sequential, OurModule.</summary>
internal static class NnBuildingBlocks
{
    public static void Run()
    {
        Section("NN building blocks: a Linear layer");
        var l = new Linear(2, 5);
        Show("l = new Linear(2, 5)", l);
        Show("l.LoadStateDict(FixedWeights.For(l))", l.LoadStateDict(FixedWeights.For(l)));
        var v = Tensor.From(new float[] { 1, 2 });
        Show("l.Call(v)                           // v = Tensor.From(new float[] { 1, 2 })", l.Call(v));

        Section("Module methods");
        foreach (var (name, p) in l.NamedParameters())
            Show($"l.NamedParameters(): {name}", $"{p.Shape} requires_grad={(p.RequiresGrad ? "True" : "False")}");
        l.Call(v).Sum().Backward();
        Statement("l.Call(v).Sum().Backward()");
        Show("l.Weight.Grad", l.Weight.Grad);
        l.ZeroGrad();
        Statement("l.ZeroGrad()");
        Show("l.Weight.Grad", l.Weight.Grad);
        Show("l.To(Device.Cpu)", l.To(Device.Cpu));
        var state = l.StateDict();
        foreach (var (key, value) in state) Show($"l.StateDict()[\"{key}\"]", value);
        Show("l.LoadStateDict(state)", l.LoadStateDict(state));

        Section("Sequential");
        var s = new Sequential(
            new Linear(2, 5), new ReLU(),
            new Linear(5, 20), new ReLU(),
            new Linear(20, 10),
            new Dropout(p: 0.3),
            new Softmax(dim: 1));
        Show("s", s);
        s.LoadStateDict(FixedWeights.For(s));
        s.Eval(); // dropout's random mask is not PyTorch's: the lecture's call, without it
        Statement("s.LoadStateDict(FixedWeights.For(s)); s.Eval();");
        Show("s.Call(Tensor.From(new float[,] { { 1, 2 } }))", s.Call(Tensor.From(new float[,] { { 1, 2 } })));

        Section("A custom module");
        var net = new OurModule(numInputs: 2, numClasses: 3);
        Show("net = new OurModule(numInputs: 2, numClasses: 3)", net);
        net.LoadStateDict(FixedWeights.For(net));
        net.Eval();
        Statement("net.LoadStateDict(FixedWeights.For(net)); net.Eval();");
        var output = net.Call(Tensor.From(new float[] { 2, 3 })); // a 1-D input runs the compiled code and gives a 1-D result
        Statement("var out = net.Call(Tensor.From(new float[] { 2, 3 }));");
        Show("out.Detach()                        // the values (out's grad_fn is the compiled OurModuleBackward)", output.Detach());
    }
}
