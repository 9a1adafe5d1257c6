using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Bench;

/// <summary>
/// The GraphGen eager side of one <see cref="ModelSpec"/>: a Sequential of Linear and ReLU layers,
/// plain SGD, and the spec's fixed batch — written as a user of the eager API would write it.
/// </summary>
public sealed class EagerMlp
{
    private readonly Sequential _model;
    private readonly SGD _optimizer;
    private readonly Tensor _inputs;
    private readonly Tensor _targets;
    private readonly LossKind _loss;

    public EagerMlp(ModelSpec spec)
    {
        var generator = new RandomGenerator(42);
        var layers = new List<Module>();
        for (int i = 0; i + 1 < spec.Widths.Length; i++)
        {
            if (i > 0) layers.Add(new ReLU());
            layers.Add(new Linear(spec.Widths[i], spec.Widths[i + 1], generator: generator));
        }
        _model = new Sequential([.. layers]);
        _optimizer = new SGD(_model.Parameters(), lr: spec.LearningRate);
        var (inputs, classes, targets) = spec.MakeBatch();
        _inputs = Tensor.Wrap(inputs, spec.Batch, spec.Inputs);
        _targets = spec.Loss == LossKind.CrossEntropy
            ? Tensor.Wrap(classes, spec.Batch)
            : Tensor.Wrap(targets, spec.Batch, spec.Outputs);
        _loss = spec.Loss;
    }

    public Sequential Model => _model;

    /// <summary>forward + loss + backward + SGD step + zero_grad.</summary>
    public void Step()
    {
        var loss = ComputeLoss();
        loss.Backward();
        _optimizer.Step();
        _optimizer.ZeroGrad();
    }

    /// <summary>Forward only, without recording autograd.</summary>
    public Tensor Infer()
    {
        using (Autograd.NoGrad()) return _model.Call(_inputs);
    }

    public float Loss()
    {
        using (Autograd.NoGrad()) return ComputeLoss().Item<float>();
    }

    private Tensor ComputeLoss()
    {
        var output = _model.Call(_inputs);
        return _loss == LossKind.CrossEntropy ? F.CrossEntropy(output, _targets) : F.MseLoss(output, _targets);
    }
}
