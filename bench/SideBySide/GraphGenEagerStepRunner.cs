namespace GraphGen.Bench.SideBySide;

/// <summary>GraphGen's eager API (GraphGen.Nn layers, F losses, GraphGen.Optim.SGD) on one model.</summary>
public sealed class GraphGenEagerStepRunner(ModelSpec spec) : IStepRunner
{
    private readonly EagerMlp _mlp = new(spec);

    public string Name => "GraphGen eager";

    public void Step() => _mlp.Step();

    public void Infer() => _mlp.Infer();

    public float Loss() => _mlp.Loss();

    public void Dispose()
    {
        // Managed tensors only: nothing to release.
    }
}
