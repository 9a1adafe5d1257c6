using GraphGen.Integration.Modules;
using GraphGen.Integration.Support;
using GraphGen.Nn;

namespace GraphGen.Integration;

/// <summary>The planned buffers: reused without aliasing what a caller holds, and no activation-sized allocation per step.</summary>
public class WorkspaceTests
{
    [Fact]
    public void OutputsHeldByTheCallerAreNotOverwrittenByLaterCalls()
    {
        Tensor.ManualSeed(5);
        var net = new Mlp1(4, 8, 3);
        Tensor first, second;
        using (Autograd.NoGrad())
        {
            first = net.Call(Tensor.Ones(2, 4));
            var copy = first.Clone();
            second = net.Call(Tensor.Zeros(2, 4));
            Compare.AssertClose(copy, first, "first output after a second call");
        }

        Assert.Null(first.GradFn);
        Assert.NotEqual(first.ToArray<float>(), second.ToArray<float>());
    }

    [Fact]
    public void TwoForwardsBeforeOneBackwardKeepTheirOwnActivations()
    {
        Tensor.ManualSeed(6);
        var net = new Mlp1(4, 8, 3);
        var a = Tensor.Randn([3, 4]);
        var b = Tensor.Randn([3, 4]);

        var loss = net.Call(a).Sum() + (net.Call(b) * 2).Sum();
        loss.Backward();
        var compiled = net.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!.Clone());

        net.ZeroGrad();
        (net.Forward(a).Sum() + (net.Forward(b) * 2).Sum()).Backward();
        foreach (var (name, p) in net.NamedParameters()) Compare.AssertClose(p.Grad!, compiled[name], name);
    }

    [Fact]
    public void ASecondBackwardThroughTheSameCallIsRefusedClearly()
    {
        var net = new Mlp1(4, 8, 3);
        var y = net.Call(Tensor.Randn([2, 4])).Sum();
        y.Backward(retainGraph: true);
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("retainGraph", e.Message);
    }

    [Fact]
    public void SteadyStateStepAllocatesNothingProportionalToActivations()
    {
        const int batch = 256;
        Tensor.ManualSeed(7);
        var net = new OracleMlp2(784, 128, 10);
        var x = Tensor.Randn([batch, 784]);
        var upstream = Tensor.Randn([batch, 10]);
        foreach (var p in net.Parameters()) p.Grad = Tensor.ZerosLike(p); // accumulate in place, as after Grad.Zero_()

        void Step() => net.Call(x).Backward(upstream);
        Step();
        Step();
        // The fewest bytes over a few steps: a per-step allocation shows in every one, while a one-off (a GEMM
        // packing buffer growing when Parallel.For hands this thread a bigger slice than before) shows once.
        long allocated = long.MaxValue;
        for (int i = 0; i < 4; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Step();
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }


        long activations = batch * (128 + 10) * sizeof(float) * 2; // values and gradients
        long output = batch * 10 * sizeof(float);                   // the returned tensor is the caller's: always new
        Assert.True(allocated < output + 8 * 1024, $"a steady-state step allocated {allocated} bytes (activations: {activations}, output: {output})");
    }
}
