using GraphGen.Kernels.Cpu;
using Xunit;

namespace GraphGen.Tests.Kernels.Cpu;

/// <summary>
/// The fused optimizer updates split a large parameter across workers (<see cref="OptimizerWorkers"/>): the parameter and
/// every state buffer come out bit for bit as on one thread, on 2 threads and on more threads than the machine has cores.
/// The length is odd so that the last range ends in a scalar tail.
/// </summary>
[Collection(CpuThreadsCollection.Name)]
public class ThreadedOptimizerTests
{
    private const int Length = 300_001; // 4 workers' worth of CpuParallel.MinElementsPerWorker, and a tail

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sgd_ThreadedEqualsSingleThreaded(bool firstStep)
    {
        var h = new SgdStep(Lr: 0.05f, Momentum: 0.9f, OneMinusDampening: 0.75f, WeightDecay: 1e-3f, Nesterov: false, Maximize: true);
        float[][] Run()
        {
            var (param, grad, buffer) = (Values(1), Values(2), Values(3));
            OptimizerKernels.Sgd(param, grad, buffer, h, firstStep);
            return [param, buffer];
        }

        var single = WithThreads(1, Run);
        Assert.Equal(4, WithThreads(5, () => OptimizerWorkers.Count(Length))); // the size is split: 4 workers of >= 64K elements
        foreach (int threads in new[] { 2, 5 })
            Assert.Equal(single, WithThreads(threads, Run));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Adam_ThreadedEqualsSingleThreaded(bool decoupled, bool amsgrad)
    {
        var h = new AdamStep(Beta1Weight: 0.1f, Beta2: 0.999f, OneMinusBeta2: 0.001f, WeightDecay: 0.01f, DecayFactor: 0.9999f,
            BiasCorrection2Sqrt: 0.3f, Eps: 1e-8f, NegativeStepSize: -0.001f, Decoupled: decoupled, Amsgrad: amsgrad, Maximize: false);
        float[][] Run()
        {
            var (param, grad, m, v) = (Values(1), Values(2), Values(3), Values(4, positive: true));
            var max = amsgrad ? Values(5, positive: true) : [];
            OptimizerKernels.Adam(param, grad, m, v, max, h);
            return [param, m, v, max];
        }

        var single = WithThreads(1, Run);
        foreach (int threads in new[] { 2, 5 })
            Assert.Equal(single, WithThreads(threads, Run));
    }

    private static float[] Values(int seed, bool positive = false)
    {
        var random = new Random(seed);
        var values = new float[Length];
        for (int i = 0; i < values.Length; i++) values[i] = positive ? random.NextSingle() : random.NextSingle() * 2 - 1;
        return values;
    }

    private static T WithThreads<T>(int threads, Func<T> run)
    {
        int before = CpuThreads.Count;
        CpuThreads.Count = threads;
        try
        {
            return run();
        }
        finally
        {
            CpuThreads.Count = before;
        }
    }
}
