namespace GraphGen.Bench.SideBySide;

/// <summary>GraphGen's eager API (GraphGen.Nn layers, F losses, GraphGen.Optim) on one model.</summary>
public sealed class GraphGenEagerStepRunner : IStepRunner
{
    private readonly Action _step;
    private readonly Action _infer;
    private readonly Func<float> _loss;

    private GraphGenEagerStepRunner(Action step, Action infer, Func<float> loss) => (_step, _infer, _loss) = (step, infer, loss);

    public static GraphGenEagerStepRunner For(ModelSpec spec)
    {
        var mlp = new EagerMlp(spec);
        return new GraphGenEagerStepRunner(mlp.Step, () => mlp.Infer(), mlp.Loss);
    }

    public static GraphGenEagerStepRunner For(CnnSpec spec)
    {
        var cnn = new EagerCnn(spec);
        return new GraphGenEagerStepRunner(cnn.Step, () => cnn.Infer(), cnn.Loss);
    }

    public string Name => "GraphGen eager";

    public void Step() => _step();

    public void Infer() => _infer();

    public float Loss() => _loss();

    public void Dispose()
    {
        // Managed tensors only: nothing to release.
    }
}
