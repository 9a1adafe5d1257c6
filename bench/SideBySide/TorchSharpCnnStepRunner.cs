using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TsTensor = TorchSharp.torch.Tensor;

namespace GraphGen.Bench.SideBySide;

/// <summary>
/// The baseline column for a CNN: the same Sequential in TorchSharp (libtorch CPU), starting from GraphGen's initial
/// weights (copied from <see cref="EagerCnn"/>'s state dict, key by key), so both libraries train the same numbers.
/// </summary>
public sealed class TorchSharpCnnStepRunner : IStepRunner
{
    private readonly Sequential _model;
    private readonly optim.Optimizer _optimizer;
    private readonly TsTensor _images;
    private readonly TsTensor _classes;

    public TorchSharpCnnStepRunner(CnnSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _model = Create(spec.Architecture);
        CopyStateFrom(new EagerCnn(spec).Model, _model);
        _optimizer = spec.UsesAdam ? optim.Adam(_model.parameters(), spec.LearningRate) : optim.SGD(_model.parameters(), spec.LearningRate);
        var (images, classes) = spec.MakeBatch();
        _images = tensor(images, [spec.Batch, CnnSpec.Channels, CnnSpec.Height, CnnSpec.Width]);
        _classes = tensor(classes, [spec.Batch]);
    }

    public string Name => "TorchSharp";

    /// <summary>The layers of <see cref="EagerCnn.Create"/>, in the same order (so the same state-dict keys).</summary>
    private static Sequential Create(CnnArchitecture architecture) => architecture switch
    {
        CnnArchitecture.LeNet5 => nn.Sequential(
            nn.Conv2d(1, 6, 5, 1, 2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
            nn.Linear(120, 84), nn.ReLU(),
            nn.Linear(84, CnnSpec.Classes)),
        CnnArchitecture.ConvBnGap => nn.Sequential(
            nn.Conv2d(1, 32, 3, 1, 1), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Conv2d(32, 64, 3, 1, 1), nn.BatchNorm2d(64), nn.ReLU(),
            nn.MaxPool2d(2), nn.AdaptiveAvgPool2d([1, 1]), nn.Flatten(),
            nn.Linear(64, CnnSpec.Classes)),
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "Unknown architecture."),
    };

    /// <summary>Every parameter and buffer of <paramref name="source"/> into the tensor of the same key and shape.</summary>
    private static void CopyStateFrom(GraphGen.Nn.Module source, Sequential target)
    {
        var targetState = target.state_dict();
        var sourceState = source.StateDict();
        if (sourceState.Count != targetState.Count)
            throw new InvalidOperationException($"GraphGen's model has {sourceState.Count} state tensors but TorchSharp's has {targetState.Count}: {string.Join(", ", targetState.Keys)}.");
        using var noGrad = no_grad();
        foreach (var (key, value) in sourceState)
        {
            if (!targetState.TryGetValue(key, out var slot))
                throw new InvalidOperationException($"TorchSharp's model has no '{key}'; its keys are {string.Join(", ", targetState.Keys)}.");
            long[] shape = [.. value.Shape.Select(d => (long)d)];
            if (!slot.shape.SequenceEqual(shape))
                throw new InvalidOperationException($"'{key}' is [{string.Join(", ", slot.shape)}] in TorchSharp but [{string.Join(", ", shape)}] in GraphGen.");
            using var copy = value.DType == GraphGen.DType.Int64 ? tensor(value.ToArray<long>(), shape) : tensor(value.ToArray<float>(), shape);
            slot.copy_(copy);
        }
    }

    public void Step()
    {
        // The dispose scope frees this step's activations and loss deterministically (see TorchSharpStepRunner).
        using var scope = NewDisposeScope();
        var loss = nn.functional.cross_entropy(_model.forward(_images), _classes);
        loss.backward();
        _optimizer.step();
        _optimizer.zero_grad();
    }

    /// <summary>Forward only in evaluation mode (BatchNorm's running statistics), as <see cref="EagerCnn.Infer"/>.</summary>
    public void Infer()
    {
        using var scope = NewDisposeScope();
        Evaluate();
    }

    public float Loss()
    {
        using var scope = NewDisposeScope();
        return nn.functional.cross_entropy(Evaluate(), _classes).item<float>();
    }

    private TsTensor Evaluate()
    {
        using var noGrad = no_grad();
        _model.eval();
        try
        {
            return _model.forward(_images);
        }
        finally
        {
            _model.train();
        }
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _model.Dispose();
        _images.Dispose();
        _classes.Dispose();
    }
}
