namespace GraphGen.Bench.SideBySide;

/// <summary>
/// A GraphGen column on one model: eager (GraphGen.Nn layers, each layer's eager Forward) or compiled (a [Module] class
/// whose Call runs the generated fused kernels), both with the runtime's F losses and GraphGen.Optim.
/// </summary>
public sealed class GraphGenStepRunner : IStepRunner
{
    private readonly Action _step;
    private readonly Action _infer;
    private readonly Func<float> _loss;

    private GraphGenStepRunner(string name, Action step, Action infer, Func<float> loss) =>
        (Name, _step, _infer, _loss) = (name, step, infer, loss);

    public static GraphGenStepRunner Eager(ModelSpec spec)
    {
        var mlp = new EagerMlp(spec);
        return new GraphGenStepRunner("GraphGen eager", mlp.Step, () => mlp.Infer(), mlp.Loss);
    }

    public static GraphGenStepRunner Eager(CnnSpec spec)
    {
        var cnn = new EagerCnn(spec);
        return new GraphGenStepRunner("GraphGen eager", cnn.Step, () => cnn.Infer(), cnn.Loss);
    }

    public static GraphGenStepRunner Compiled(ModelSpec spec)
    {
        var mlp = new CompiledMlp(spec);
        return new GraphGenStepRunner("GraphGen compiled", mlp.Step, () => mlp.Infer(), mlp.Loss);
    }

    public static GraphGenStepRunner Compiled(CnnSpec spec)
    {
        var cnn = new CompiledCnn(spec);
        return new GraphGenStepRunner("GraphGen compiled", cnn.Step, () => cnn.Infer(), cnn.Loss);
    }

    public string Name { get; }

    public void Step() => _step();

    public void Infer() => _infer();

    public float Loss() => _loss();

    public void Dispose()
    {
        // Managed tensors only: nothing to release.
    }
}
