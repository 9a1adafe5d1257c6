using GraphGen.Nn;

namespace GraphGen.Bench;

/// <summary>
/// The GraphGen eager side of one <see cref="CnnSpec"/>: a Sequential of the architecture's layers (state-dict keys
/// <c>0.weight</c>, <c>1.running_mean</c>, … as PyTorch's Sequential) in the spec's <see cref="CnnTrainingLoop"/>.
/// Weights come from a fixed seed; the other columns copy them from <see cref="Model"/>'s state dict.
/// </summary>
public sealed class EagerCnn
{
    private readonly Sequential _model;
    private readonly CnnTrainingLoop _loop;

    public EagerCnn(CnnSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _model = Create(spec.Architecture, new RandomGenerator(42));
        _loop = new CnnTrainingLoop(spec, _model);
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

    /// <inheritdoc cref="CnnTrainingLoop.Step"/>
    public void Step() => _loop.Step();

    /// <inheritdoc cref="CnnTrainingLoop.Infer"/>
    public Tensor Infer() => _loop.Infer();

    /// <inheritdoc cref="CnnTrainingLoop.Loss"/>
    public float Loss() => _loop.Loss();
}
