using GraphGen.Integration.Modules;
using GraphGen.Kernels.Cpu;
using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Integration;

/// <summary>
/// A steady compiled CNN training step (the side-by-side bench's two CNNs: LeNet-5 with SGD, conv-BN-pool-GAP with Adam)
/// allocates nothing on the calling thread once warm, on 1 thread and on 2: the convolution, pooling and batch-norm
/// kernels split across workers with reused work objects (no capturing lambdas) and keep their scratch buffers.
/// </summary>
public class SteadyCnnStepAllocationTests
{
    public static TheoryData<string, int> Steps()
    {
        var data = new TheoryData<string, int>();
        foreach (var model in new[] { "LeNet5", "ConvBnPoolGap" })
            foreach (int threads in new[] { 1, 2 })
                data.Add(model, threads);
        return data;
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void ASteadyCompiledCnnTrainingStepAllocatesNothing(string model, int threads)
    {
        Tensor.ManualSeed(23);
        const int batch = 32;
        Module net = model == "LeNet5" ? new LeNet5() : new ConvBnPoolGap();
        Optimizer optimizer = model == "LeNet5"
            ? new SGD(net.Parameters(), lr: 0.01, momentum: 0.9)
            : new Adam(net.Parameters(), lr: 1e-3);
        var x = Tensor.Randn([batch, 1, 28, 28]);
        var target = Tensor.From(Enumerable.Range(0, batch).Select(i => (long)(i % 10)).ToArray());
        float first = 0, last = 0;
        void Step(ref float loss)
        {
            optimizer.ZeroGrad();
            var l = F.CrossEntropy(net.Call(x), target);
            l.Backward();
            optimizer.Step();
            loss = l.Item<float>();
        }

        int threadsBefore = CpuThreads.Count;
        CpuThreads.Count = threads;
        long allocated;
        try
        {
            Step(ref first);
            for (int i = 0; i < 5; i++) Step(ref last); // warm-up: workspaces, gradients, optimizer state, pooled scratch
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++) Step(ref last);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        finally
        {
            CpuThreads.Count = threadsBefore;
        }

        Assert.Equal(0, allocated);
        Assert.True(last < first, $"the loss went from {first} to {last}: the reused step must still train");
    }
}
