using BenchmarkDotNet.Attributes;

namespace GraphGen.Bench.Benchmarks;

/// <summary>Softmax and LogSoftmax over the last dimension of a [128, 1000] batch of logits (ImageNet-sized rows).</summary>
public class SoftmaxBenchmarks
{
    private Tensor _logits = null!;

    [GlobalSetup]
    public void Setup() => _logits = Tensor.Randn([128, 1000], new RandomGenerator(5));

    [Benchmark(Description = "Softmax(dim: 1)")]
    public Tensor Softmax() => _logits.Softmax(1);

    [Benchmark(Description = "LogSoftmax(dim: 1)")]
    public Tensor LogSoftmax() => _logits.LogSoftmax(1);
}
