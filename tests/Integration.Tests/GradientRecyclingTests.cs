using GraphGen.Integration.Modules;
using GraphGen.Integration.Support;
using GraphGen.Optim;

namespace GraphGen.Integration;

/// <summary>
/// A compiled backward reuses the arrays of gradients that ZeroGrad cleared and no caller ever read
/// (GraphGen.Compiled.GradientRecycler), and never one a caller could still hold.
/// </summary>
public class GradientRecyclingTests
{
    private const int Batch = 16;

    private static long ParameterBytes(OracleMlp2 net) => net.Parameters().Sum(p => (long)p.NumEl * sizeof(float));

    [Fact]
    public void AStepAfterZeroGradToNoneReusesTheClearedGradientsArrays()
    {
        Tensor.ManualSeed(11);
        var net = new OracleMlp2(784, 128, 10);
        var opt = new SGD(net.Parameters(), lr: 0.01);
        var x = Tensor.Randn([Batch, 784]);
        var upstream = Tensor.Randn([Batch, 10]);
        void Step()
        {
            net.Call(x).Backward(upstream);
            opt.Step();
            opt.ZeroGrad();
        }

        Step();
        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Fresh gradients would be ParameterBytes (~407 KB); what remains is the output, autograd's node and the like.
        Assert.True(allocated < 32 * 1024, $"a steady step allocated {allocated} bytes; its parameters' gradients alone are {ParameterBytes(net)}");
        Assert.All(net.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void AGradientTheCallerHoldsKeepsItsValuesAfterZeroGradAndTheNextBackward()
    {
        Tensor.ManualSeed(12);
        var net = new OracleMlp2(32, 16, 4);
        var x = Tensor.Randn([Batch, 32]);

        net.Call(x).Backward(Tensor.Randn([Batch, 4]));
        var held = net.Parameters().Select(p => p.Grad!).ToList();
        var values = held.Select(g => g.Clone()).ToList();
        net.ZeroGrad();
        net.Call(x).Backward(Tensor.Randn([Batch, 4]) * 10);

        var parameters = net.Parameters().ToList();
        for (int i = 0; i < held.Count; i++)
        {
            Compare.AssertClose(values[i], held[i], $"held gradient {i} after the next backward");
            Assert.NotSame(held[i], parameters[i].Grad);
            Assert.NotEqual(values[i].ToArray<float>(), parameters[i].Grad!.ToArray<float>());
        }
    }

    [Fact]
    public void RecycledGradientsHoldExactlyTheNewStepsGradients()
    {
        Tensor.ManualSeed(13);
        var net = new OracleMlp2(784, 128, 10);
        for (int round = 0; round < 3; round++)
        {
            // A step nobody reads: its gradients go back to the recycler on ZeroGrad, with values unlike the next step's.
            net.Call(Tensor.Randn([Batch, 784]) * 5).Backward(Tensor.Randn([Batch, 10]) * 100);
            net.ZeroGrad();

            var x = Tensor.Randn([Batch, 784]);
            var upstream = Tensor.Randn([Batch, 10]);
            long before = GC.GetAllocatedBytesForCurrentThread();
            net.Call(x).Backward(upstream);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < ParameterBytes(net) / 4, $"round {round}: the backward allocated {allocated} bytes, so it did not reuse the cleared gradients");
            var compiled = net.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!.Clone());

            net.ZeroGrad();
            net.Forward(x).Backward(upstream);
            foreach (var (name, p) in net.NamedParameters()) Compare.AssertClose(p.Grad!, compiled[name], $"round {round}: {name}");
            net.ZeroGrad();
        }
    }

    [Fact]
    public void ZeroGradInPlaceIsOverwrittenByTheNextBackwardAndReadsAsZerosBeforeIt()
    {
        Tensor.ManualSeed(14);
        var lazy = new OracleMlp2(32, 16, 4);
        var eager = new OracleMlp2(32, 16, 4);
        eager.LoadStateDict(lazy.StateDict());
        var lazyOpt = new SGD(lazy.Parameters(), lr: 0.1, momentum: 0.9);
        var eagerOpt = new SGD(eager.Parameters(), lr: 0.1, momentum: 0.9);
        for (int step = 0; step < 3; step++)
        {
            var x = Tensor.Randn([Batch, 32]);
            var upstream = Tensor.Randn([Batch, 4]);
            lazy.Call(x).Backward(upstream);
            eager.Call(x).Backward(upstream);
            lazyOpt.Step();
            eagerOpt.Step();
            lazyOpt.ZeroGrad(setToNone: false); // never-seen gradients: only marked, overwritten by the next backward
            eagerOpt.ZeroGrad();                 // cleared: the next backward writes new ones
        }

        var lazyParameters = lazy.Parameters().ToList();
        var eagerParameters = eager.Parameters().ToList();
        for (int i = 0; i < lazyParameters.Count; i++)
            Assert.Equal(eagerParameters[i].ToArray<float>(), lazyParameters[i].ToArray<float>());
        Assert.All(lazyParameters, p => Assert.All(p.Grad!.ToArray<float>(), v => Assert.Equal(0f, v)));
    }

    [Fact]
    public void AStepAfterZeroGradInPlaceWithoutABackwardSeesZeroGradients()
    {
        Tensor.ManualSeed(15);
        var net = new OracleMlp2(8, 6, 3);
        var opt = new SGD(net.Parameters(), lr: 0.5);
        net.Call(Tensor.Randn([Batch, 8])).Backward(Tensor.Randn([Batch, 3]));
#pragma warning disable GG0404 // zeroing between Backward and Step is the point: Step must see the pending zeros
        opt.ZeroGrad(setToNone: false);
#pragma warning restore GG0404
        var before = net.Parameters().Select(p => p.ToArray<float>()).ToList();
        opt.Step(); // plain SGD on zero gradients leaves every parameter as it was
        Assert.Equal(before, net.Parameters().Select(p => p.ToArray<float>()).ToList());
    }
}
