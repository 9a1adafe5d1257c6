using BenchmarkDotNet.Attributes;

namespace GraphGen.Bench.Benchmarks;

/// <summary>
/// One training step (forward + loss + backward + SGD step + zero_grad) and one inference forward of the
/// three small "What to beat" models, the networks bench/SideBySide times against TorchSharp: eager
/// (a Sequential of nn layers) next to compiled (the [Module] classes of Shared/CompiledModels.cs, whose
/// Call runs the generated fused kernels). The 4096-wide model is <see cref="LargeTrainingStepBenchmarks"/>.
/// </summary>
public class TrainingStepBenchmarks
{
    private EagerMlp _eager = null!;
    private CompiledMlp _compiled = null!;

    public static IEnumerable<ModelSpec> Models => ModelSpec.WhatToBeat.Take(3);

    [ParamsSource(nameof(Models))]
    public ModelSpec Model { get; set; } = ModelSpec.WhatToBeat[0];

    [GlobalSetup]
    public void Setup()
    {
        _eager = new EagerMlp(Model);
        _compiled = new CompiledMlp(Model);
    }

    [Benchmark(Baseline = true, Description = "eager training step")]
    public void EagerStep() => _eager.Step();

    [Benchmark(Description = "fused training step")]
    public void FusedStep() => _compiled.Step();

    [Benchmark(Description = "eager inference")]
    public Tensor EagerInfer() => _eager.Infer();

    [Benchmark(Description = "fused inference")]
    public Tensor FusedInfer() => _compiled.Infer();
}
