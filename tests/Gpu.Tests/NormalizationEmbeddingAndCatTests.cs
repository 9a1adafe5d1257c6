using GraphGen.Nn;

namespace GraphGen.Gpu.Tests;

/// <summary>Batch norm (train/eval, running statistics), layer norm, embeddings and Cat on the (emulated) CUDA device equal the CPU.</summary>
public class NormalizationEmbeddingAndCatTests
{
    private static readonly Device Cuda = GpuTestSetup.Cuda;

    private static Tensor Randn(int seed, params int[] shape) => Tensor.Randn(shape, new RandomGenerator(seed));

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void BatchNormTrainAndEvalWithAndWithoutAffine(bool training, bool affine)
    {
        var runningMean = Randn(30, 3) * 0.1;
        var runningVar = Tensor.Rand([3], new RandomGenerator(31)) + 0.5;
        var weight = Randn(32, 3);
        var bias = Randn(33, 3);
        var (cpuMean, cpuVar) = (runningMean.Clone(), runningVar.Clone());
        var (gpuMean, gpuVar) = (runningMean.To(Cuda), runningVar.To(Cuda));
        int call = 0;
        CpuGpuEquivalence.Check($"batchnorm training={training} affine={affine}", t =>
        {
            bool onGpu = call++ == 1;
            return F.BatchNorm(t[0], onGpu ? gpuMean : cpuMean, onGpu ? gpuVar : cpuVar, affine ? t[1] : null, affine ? t[2] : null, training, momentum: 0.2);
        }, Randn(34, 4, 3, 3, 2) * 2 + 1, weight, bias);
        Close.Assert(cpuMean, gpuMean, what: "running mean");
        Close.Assert(cpuVar, gpuVar, what: "running var");
        if (!training) Close.Assert(runningMean, gpuMean, 0, 0, "running mean untouched in eval");
    }

    [Fact]
    public void BatchNorm1dAndBatchNorm2dModulesTrackRunningStatisticsOnTheDevice()
    {
        foreach (var (cpu, gpu, x) in new (Module, Module, Tensor)[]
        {
            (new BatchNorm1d(4), new BatchNorm1d(4), Randn(35, 5, 4) * 3 + 2),
            (new BatchNorm2d(2, momentum: null), new BatchNorm2d(2, momentum: null), Randn(36, 3, 2, 4, 4) - 1),
        })
        {
            gpu.To(Cuda);
            for (int step = 0; step < 2; step++)
            {
                Close.Assert(cpu.Call(x + step), gpu.Call((x + step).To(Cuda)), what: $"{cpu} train step {step}");
            }
            var cpuBuffers = cpu.StateDict();
            var gpuBuffers = gpu.StateDict();
            foreach (var key in new[] { "running_mean", "running_var", "num_batches_tracked" })
                Close.Assert(cpuBuffers[key], gpuBuffers[key], what: $"{cpu} {key}");
            cpu.Eval();
            gpu.Eval();
            Close.Assert(cpu.Call(x), gpu.Call(x.To(Cuda)), what: $"{cpu} eval");
        }
    }

    [Fact]
    public void BatchNormOfAStridedInputInFloat64() =>
        CpuGpuEquivalence.Check("float64 batchnorm", t => F.BatchNorm(t[0].Transpose(0, 1), null, null, t[1], t[2], training: true), 1e-12, 1e-10,
            Randn(37, 3, 5).To(DType.Float64), Randn(38, 3).To(DType.Float64), Randn(39, 3).To(DType.Float64));

    [Fact]
    public void LayerNormOverTheLastTwoDimsWithAffine() =>
        CpuGpuEquivalence.Check("layernorm", t => F.LayerNorm(t[0], [3, 4], t[1], t[2]), Randn(40, 2, 5, 3, 4) * 2 + 3, Randn(41, 3, 4), Randn(42, 3, 4));

    [Fact]
    public void LayerNormWithoutAffineInFloat64() =>
        CpuGpuEquivalence.Check("float64 layernorm", t => F.LayerNorm(t[0], [6]), 1e-12, 1e-10, Randn(43, 4, 6).To(DType.Float64));

    [Fact]
    public void EmbeddingWithRepeatedIndicesAndPaddingIdx()
    {
        var indices = Tensor.From(new long[,] { { 1, 3, 3, 0 }, { 4, 1, 1, 1 } });
        CpuGpuEquivalence.Check("embedding", t => F.Embedding(t[1], t[0], paddingIdx: 1), Randn(44, 5, 3), indices);
        CpuGpuEquivalence.Check("embedding, int32 indices, negative padding_idx", t => F.Embedding(t[1], t[0], paddingIdx: -1),
            Randn(45, 5, 3), indices.To(DType.Int32));
    }

    [Fact]
    public void EmbeddingIndexOutOfRangeOnTheDeviceIsAClearError()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => F.Embedding(Tensor.From([0L, 7L]).To(Cuda), Randn(46, 4, 2).To(Cuda)));
        Assert.Contains("index 7 is out of range", e.Message);
    }

    [Fact]
    public void CatAlongEachDim()
    {
        CpuGpuEquivalence.Check("cat dim 1", t => Tensor.Cat([t[0], t[1]], dim: 1), Randn(47, 2, 3, 2), Randn(48, 2, 1, 2));
        CpuGpuEquivalence.Check("cat dim -1 of a transposed view", t => Tensor.Cat([t[0].Transpose(0, 1), t[1]], dim: -1), Randn(49, 3, 2), Randn(50, 2, 4));
    }
}
