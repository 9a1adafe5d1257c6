using BenchmarkDotNet.Attributes;

namespace GraphGen.Bench.Benchmarks;

/// <summary>
/// One eager training step (forward + loss + backward + SGD step + zero_grad) and one inference forward
/// of the three small "What to beat" models, the networks bench/SideBySide times against TorchSharp.
/// The 4096-wide model is <see cref="LargeTrainingStepBenchmarks"/>, with fewer iterations.
/// </summary>
public class TrainingStepBenchmarks
{
    private EagerMlp _mlp = null!;

    public static IEnumerable<ModelSpec> Models => ModelSpec.WhatToBeat.Take(3);

    [ParamsSource(nameof(Models))]
    public ModelSpec Model { get; set; } = ModelSpec.WhatToBeat[0];

    [GlobalSetup]
    public void Setup() => _mlp = new EagerMlp(Model);

    [Benchmark(Description = "eager training step")]
    public void Step() => _mlp.Step();

    [Benchmark(Description = "eager inference")]
    public Tensor Infer() => _mlp.Infer();
}
