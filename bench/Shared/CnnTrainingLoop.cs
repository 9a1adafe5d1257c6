using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Bench;

/// <summary>
/// One <see cref="CnnSpec"/>'s training loop around a model of its architecture, eager (<see cref="EagerCnn"/>) or
/// compiled (<see cref="CompiledCnn"/>): the spec's optimizer, cross-entropy and fixed batch, written as a user would.
/// </summary>
public sealed class CnnTrainingLoop
{
    private readonly Module _model;
    private readonly Optimizer _optimizer;
    private readonly Tensor _images;
    private readonly Tensor _classes;

    public CnnTrainingLoop(CnnSpec spec, Module model)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _optimizer = spec.UsesAdam ? new Adam(model.Parameters(), lr: spec.LearningRate) : new SGD(model.Parameters(), lr: spec.LearningRate);
        var (images, classes) = spec.MakeBatch();
        _images = Tensor.Wrap(images, spec.Batch, CnnSpec.Channels, CnnSpec.Height, CnnSpec.Width);
        _classes = Tensor.Wrap(classes, spec.Batch);
    }

    /// <summary>forward + loss + backward + optimizer step + zero_grad, in training mode.</summary>
    public void Step()
    {
        var loss = F.CrossEntropy(_model.Call(_images), _classes);
        loss.Backward();
        _optimizer.Step();
        _optimizer.ZeroGrad();
    }

    /// <summary>Forward only in evaluation mode (BatchNorm's running statistics), without recording autograd.</summary>
    public Tensor Infer()
    {
        _model.Eval();
        try
        {
            using (Autograd.NoGrad()) return _model.Call(_images);
        }
        finally
        {
            _model.Train();
        }
    }

    /// <summary>The loss on the batch in evaluation mode, so measuring it does not move BatchNorm's running statistics.</summary>
    public float Loss()
    {
        using (Autograd.NoGrad()) return F.CrossEntropy(Infer(), _classes).Item<float>();
    }
}
