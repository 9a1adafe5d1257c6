using GraphGen.Integration.Modules;
using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Integration;

/// <summary>
/// A steady compiled training step — the Trainer's loop: ZeroGrad, Call, loss, Backward, Step — allocates nothing on
/// the managed heap once warm: the workspace, the output and its autograd node, the loss's buffers, result and node,
/// the backward walk's collections, the parameters' gradients and the optimizer's state are all reused.
/// </summary>
/// <remarks>
/// On 1 thread and on 2: the kernels that split across cores (the GEMMs and the optimizer's update of a large
/// parameter) run on the persistent worker team with reused work objects, so a region allocates nothing either
/// (Parallel.For's bookkeeping used to cost ~3.5 KB per 784-128-10 step on 2 cores).
/// </remarks>
[Collection(SteadyStepMeasurement.Name)]
public class SteadyStepAllocationTests
{
    public enum LossKind { CrossEntropy, Mse }

    public enum OptimizerKind { SgdWithMomentumAndWeightDecay, Adam, AdamW }

    public static TheoryData<string, LossKind, OptimizerKind, int> Steps()
    {
        var data = new TheoryData<string, LossKind, OptimizerKind, int>();
        foreach (var model in new[] { "2-5-20-3", "784-128-10" })
            foreach (var loss in Enum.GetValues<LossKind>())
                foreach (var optimizer in Enum.GetValues<OptimizerKind>())
                    foreach (int threads in new[] { 1, 2 })
                        data.Add(model, loss, optimizer, threads);
        return data;
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void ASteadyCompiledTrainingStepAllocatesNothing(string model, LossKind lossKind, OptimizerKind optimizerKind, int threads)
    {
        Tensor.ManualSeed(21);
        var (net, batch, classes) = model == "2-5-20-3"
            ? ((Module)new OracleMlp3(2, 5, 20, 3), 32, 3)
            : (new OracleMlp2(784, 128, 10), 64, 10);
        int inputs = model == "2-5-20-3" ? 2 : 784;
        var x = Tensor.Randn([batch, inputs]);
        var target = lossKind == LossKind.CrossEntropy
            ? Tensor.From(Enumerable.Range(0, batch).Select(i => (long)(i % classes)).ToArray())
            : Tensor.Randn([batch, classes]);
        Optimizer optimizer = optimizerKind switch
        {
            OptimizerKind.SgdWithMomentumAndWeightDecay => new SGD(net.Parameters(), lr: 0.01, momentum: 0.9, weightDecay: 1e-4),
            OptimizerKind.Adam => new Adam(net.Parameters(), lr: 1e-3),
            _ => new AdamW(net.Parameters(), lr: 1e-3),
        };
        float first = 0, last = 0;
        void Step(ref float loss)
        {
            optimizer.ZeroGrad();
            var output = net.Call(x);
            var l = lossKind == LossKind.CrossEntropy ? F.CrossEntropy(output, target) : F.MseLoss(output, target);
            l.Backward();
            optimizer.Step();
            loss = l.Item<float>();
        }

        Step(ref first);
        long allocated = SteadyStepMeasurement.AllocatedBytes(() => Step(ref last), threads, warmUp: 20, steps: 50);
        Assert.Equal(0, allocated);
        Assert.True(last < first, $"the loss went from {first} to {last}: the reused step must still train");
    }
}
