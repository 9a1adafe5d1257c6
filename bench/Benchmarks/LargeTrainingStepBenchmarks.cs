using BenchmarkDotNet.Attributes;

namespace GraphGen.Bench.Benchmarks;

/// <summary>
/// The 4096-4096-4096 MSE model at batch 256: ~52 GFLOP per training step, so one call per
/// iteration and fewer iterations than the suite's default job.
/// </summary>
[WarmupCount(1)]
[IterationCount(3)]
[InvocationCount(1)]
public class LargeTrainingStepBenchmarks
{
    private EagerMlp _mlp = null!;

    [GlobalSetup]
    public void Setup() => _mlp = new EagerMlp(ModelSpec.WhatToBeat[3]);

    [Benchmark(Description = "eager training step, 4096-4096-4096, 256, MSE")]
    public void Step() => _mlp.Step();

    [Benchmark(Description = "eager inference, 4096-4096-4096, 256")]
    public Tensor Infer() => _mlp.Infer();
}
