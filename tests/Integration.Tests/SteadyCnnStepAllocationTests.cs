using GraphGen.Integration.Modules;
using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Integration;

/// <summary>
/// A steady compiled CNN training step (LeNet-5 with SGD as in the side-by-side bench; a residual conv-BN block with Adam in
/// place of its conv-BN-pool-GAP net, at a batch whose convolutions and batch norms split across 2 workers) allocates nothing on the calling thread once warm, on 1 thread and on 2: the convolution, pooling and batch-norm
/// kernels split across workers with reused work objects (no capturing lambdas) and keep their scratch buffers.
/// </summary>
[Collection(SteadyStepMeasurement.Name)]
public class SteadyCnnStepAllocationTests
{
    public static TheoryData<string, int> Steps()
    {
        var data = new TheoryData<string, int>();
        foreach (var model in new[] { "LeNet5", "ResidualConvBn" })
            foreach (int threads in new[] { 1, 2 })
                data.Add(model, threads);
        return data;
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void ASteadyCompiledCnnTrainingStepAllocatesNothing(string model, int threads)
    {
        Tensor.ManualSeed(23);
        bool leNet = model == "LeNet5";
        int batch = leNet ? 32 : 128, classes = leNet ? 10 : 5;
        Module net = leNet ? new LeNet5() : new ResidualConvBn();
        Optimizer optimizer = leNet
            ? new SGD(net.Parameters(), lr: 0.01, momentum: 0.9)
            : new Adam(net.Parameters(), lr: 1e-3);
        var x = leNet ? Tensor.Randn([batch, 1, 28, 28]) : Tensor.Randn([batch, 3, 12, 12]);
        var target = Tensor.From(Enumerable.Range(0, batch).Select(i => (long)(i % classes)).ToArray());
        float first = 0, last = 0;
        void Step(ref float loss)
        {
            optimizer.ZeroGrad();
            var l = F.CrossEntropy(net.Call(x), target);
            l.Backward();
            optimizer.Step();
            loss = l.Item<float>();
        }

        Step(ref first);
        long allocated = SteadyStepMeasurement.AllocatedBytes(() => Step(ref last), threads, warmUp: 5, steps: 10);
        Assert.Equal(0, allocated);
        Assert.True(last < first, $"the loss went from {first} to {last}: the reused step must still train");
    }
}
