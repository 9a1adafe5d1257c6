using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Bench;

/// <summary>
/// The GraphGen eager side of one <see cref="CnnSpec"/>: a Sequential of the architecture's layers (state-dict keys
/// <c>0.weight</c>, <c>1.running_mean</c>, … as PyTorch's Sequential), its optimizer, cross-entropy and the spec's
/// fixed batch — written as a user of the eager API would write it. Weights come from a fixed seed; other libraries
/// copy them from <see cref="Model"/>'s state dict.
/// </summary>
public sealed class EagerCnn
{
    private readonly Sequential _model;
    private readonly Optimizer _optimizer;
    private readonly Tensor _images;
    private readonly Tensor _classes;

    public EagerCnn(CnnSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _model = Create(spec.Architecture, new RandomGenerator(42));
        _optimizer = spec.UsesAdam ? new Adam(_model.Parameters(), lr: spec.LearningRate) : new SGD(_model.Parameters(), lr: spec.LearningRate);
        var (images, classes) = spec.MakeBatch();
        _images = Tensor.Wrap(images, spec.Batch, CnnSpec.Channels, CnnSpec.Height, CnnSpec.Width);
        _classes = Tensor.Wrap(classes, spec.Batch);
    }

    public Sequential Model => _model;

    /// <summary>The architecture's layers, in the order (and so with the keys) PyTorch's Sequential gives them.</summary>
    public static Sequential Create(CnnArchitecture architecture, RandomGenerator generator) => architecture switch
    {
        CnnArchitecture.LeNet5 => new Sequential(
            new Conv2d(1, 6, 5, padding: 2, generator: generator), new ReLU(), new MaxPool2d(2),
            new Conv2d(6, 16, 5, generator: generator), new ReLU(), new MaxPool2d(2),
            new Flatten(),
            new Linear(16 * 5 * 5, 120, generator: generator), new ReLU(),
            new Linear(120, 84, generator: generator), new ReLU(),
            new Linear(84, CnnSpec.Classes, generator: generator)),
        CnnArchitecture.ConvBnGap => new Sequential(
            new Conv2d(1, 32, 3, padding: 1, generator: generator), new BatchNorm2d(32), new ReLU(),
            new Conv2d(32, 64, 3, padding: 1, generator: generator), new BatchNorm2d(64), new ReLU(),
            new MaxPool2d(2), new AdaptiveAvgPool2d(1), new Flatten(),
            new Linear(64, CnnSpec.Classes, generator: generator)),
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "Unknown architecture."),
    };

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
