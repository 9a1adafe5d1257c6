using GraphGen.Integration.Modules;
using GraphGen.Integration.Support;
using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Integration;

/// <summary>
/// Conv+BatchNorm folding (issue #11): in eval without autograd the compiled Call runs each convolution read only by a
/// BatchNorm2d as one convolution with the BatchNorm folded into its weights. After a few training steps (so the running
/// statistics are far from their initial 0 and 1) it gives what the eager Forward gives, to 1e-5 relative; training
/// and eval with autograd run the kernels unfolded (CnnCallTests).
/// </summary>
public class ConvBatchNormFoldingTests
{
    public static TheoryData<string> Modules => new() { nameof(ConvBnFolding), nameof(ResidualConvBn) };

    [Theory]
    [MemberData(nameof(Modules))]
    public void FoldedEvalCallMatchesEagerEval(string module)
    {
        Tensor.ManualSeed(11);
        var (net, inputShape) = module switch
        {
            nameof(ConvBnFolding) => ((Module)new ConvBnFolding(), new[] { 6, 1, 28, 28 }),
            _ => (new ResidualConvBn(), new[] { 6, 3, 12, 12 }),
        };
        var x = Tensor.Randn(inputShape, new RandomGenerator(5)) * 2f + 0.5f;
        var optimizer = new SGD(net.Parameters(), lr: 0.1);
        net.Train();
        for (int step = 0; step < 4; step++)
        {
            optimizer.ZeroGrad();
            net.Call(x).Pow(2).Mean().Backward();
            optimizer.Step();
        }

        net.Eval();
        Tensor folded, eager;
        using (Autograd.NoGrad())
        {
            folded = net.Call(x);
            eager = EagerForward(net, x);
        }

        Compare.AssertClose(eager, folded, $"{module} in eval, folded", rtol: 1e-5, atol: 1e-6);
    }

    [Fact]
    public void FoldedCallLeavesParametersAndRunningStatisticsAlone()
    {
        Tensor.ManualSeed(12);
        var net = new ConvBnFolding();
        var before = net.StateDict().ToDictionary(e => e.Key, e => e.Value.Clone());
        net.Eval();
        using (Autograd.NoGrad()) net.Call(Tensor.Randn([4, 1, 28, 28], new RandomGenerator(6)));
        foreach (var (name, tensor) in net.StateDict())
        {
            if (tensor.DType == DType.Int64) Assert.Equal(before[name].ToArray<long>(), tensor.ToArray<long>());
            else Assert.Equal(before[name].ToArray<float>(), tensor.ToArray<float>());
        }
    }

    private static Tensor EagerForward(Module net, Tensor x) => net switch
    {
        ConvBnFolding m => m.Forward(x),
        ResidualConvBn m => m.Forward(x),
        _ => throw new ArgumentOutOfRangeException(nameof(net), net.GetType().Name, "no eager Forward for this module"),
    };
}
