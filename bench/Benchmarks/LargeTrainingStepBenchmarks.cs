using BenchmarkDotNet.Attributes;

namespace GraphGen.Bench.Benchmarks;

/// <summary>
/// The 4096-4096-4096 MSE model at batch 256, eager and fused (compiled [Module]): ~52 GFLOP per training
/// step, so one call per iteration and fewer iterations than the suite's default job.
/// </summary>
[WarmupCount(1)]
[IterationCount(3)]
[InvocationCount(1)]
public class LargeTrainingStepBenchmarks
{
    private EagerMlp _eager = null!;
    private CompiledMlp _compiled = null!;

    [GlobalSetup]
    public void Setup()
    {
        _eager = new EagerMlp(ModelSpec.WhatToBeat[3]);
        _compiled = new CompiledMlp(ModelSpec.WhatToBeat[3]);
    }

    [Benchmark(Baseline = true, Description = "eager training step, 4096-4096-4096, 256, MSE")]
    public void EagerStep() => _eager.Step();

    [Benchmark(Description = "fused training step, 4096-4096-4096, 256, MSE")]
    public void FusedStep() => _compiled.Step();

    [Benchmark(Description = "eager inference, 4096-4096-4096, 256")]
    public Tensor EagerInfer() => _eager.Infer();

    [Benchmark(Description = "fused inference, 4096-4096-4096, 256")]
    public Tensor FusedInfer() => _compiled.Infer();
}
