namespace GraphGen.Bench.SideBySide;

/// <summary>GraphGen's compiled path: a [Module] class whose Call runs the generated fused kernels.</summary>
public sealed class GraphGenCompiledStepRunner(ModelSpec spec) : IStepRunner
{
    private readonly CompiledMlp _mlp = new(spec);

    public string Name => "GraphGen compiled";

    public void Step() => _mlp.Step();

    public void Infer() => _mlp.Infer();

    public float Loss() => _mlp.Loss();

    public void Dispose()
    {
        // Managed tensors only: nothing to release.
    }
}
