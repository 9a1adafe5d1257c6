namespace GraphGen.Bench.SideBySide;

/// <summary>GraphGen's compiled path: a [Module] class whose Call runs the generated fused kernels.</summary>
public sealed class GraphGenCompiledStepRunner : IStepRunner
{
    private readonly Action _step;
    private readonly Action _infer;
    private readonly Func<float> _loss;

    private GraphGenCompiledStepRunner(Action step, Action infer, Func<float> loss) => (_step, _infer, _loss) = (step, infer, loss);

    public static GraphGenCompiledStepRunner For(ModelSpec spec)
    {
        var mlp = new CompiledMlp(spec);
        return new GraphGenCompiledStepRunner(mlp.Step, () => mlp.Infer(), mlp.Loss);
    }

    public static GraphGenCompiledStepRunner For(CnnSpec spec)
    {
        var cnn = new CompiledCnn(spec);
        return new GraphGenCompiledStepRunner(cnn.Step, () => cnn.Infer(), cnn.Loss);
    }

    public string Name => "GraphGen compiled";

    public void Step() => _step();

    public void Infer() => _infer();

    public float Loss() => _loss();

    public void Dispose()
    {
        // Managed tensors only: nothing to release.
    }
}
