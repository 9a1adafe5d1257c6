using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Bench;

/// <summary>
/// The compiled side of one <see cref="CnnSpec"/>: the architecture's [Module] class (CompiledCnnModels.cs), its
/// optimizer, cross-entropy and the spec's fixed batch, as <see cref="EagerCnn"/> but through the generated kernels.
/// Its state (weights and BatchNorm buffers) is loaded from <see cref="EagerCnn"/>'s, so both start from the same
/// numbers as the TorchSharp column, which copies the same state dict.
/// </summary>
public sealed class CompiledCnn
{
    private readonly Module _model;
    private readonly Optimizer _optimizer;
    private readonly Tensor _images;
    private readonly Tensor _classes;

    public CompiledCnn(CnnSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _model = Create(spec.Architecture);
        _model.LoadStateDict(RenameByPosition(new EagerCnn(spec).Model.StateDict(), _model.StateDict()));
        _optimizer = spec.UsesAdam ? new Adam(_model.Parameters(), lr: spec.LearningRate) : new SGD(_model.Parameters(), lr: spec.LearningRate);
        var (images, classes) = spec.MakeBatch();
        _images = Tensor.Wrap(images, spec.Batch, CnnSpec.Channels, CnnSpec.Height, CnnSpec.Width);
        _classes = Tensor.Wrap(classes, spec.Batch);
    }

    public Module Model => _model;

    /// <summary>The [Module] class compiled for <paramref name="architecture"/>.</summary>
    public static Module Create(CnnArchitecture architecture) => architecture switch
    {
        CnnArchitecture.LeNet5 => new LeNet5Net(),
        CnnArchitecture.ConvBnGap => new ConvBnGapNet(),
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "No compiled [Module] for this architecture; add one to CompiledCnnModels.cs."),
    };

    /// <summary>net.Call(x) -> cross entropy -> Backward -> optimizer step -> zero_grad, in training mode.</summary>
    public void Step()
    {
        var loss = F.CrossEntropy(_model.Call(_images), _classes);
        loss.Backward();
        _optimizer.Step();
        _optimizer.ZeroGrad();
    }

    /// <summary>The compiled forward only, in evaluation mode (BatchNorm's running statistics), without autograd.</summary>
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

    /// <summary>
    /// The eager Sequential's state (keys <c>0.weight</c>, <c>1.running_mean</c>, …) under the compiled module's keys
    /// (<c>conv1.weight</c>, <c>bn1.running_mean</c>, …): both list the same layers' tensors in the same order, so the
    /// i-th entries pair up; the tensor names after the layer name must agree (LoadStateDict then checks the shapes).
    /// </summary>
    private static Dictionary<string, Tensor> RenameByPosition(
        IReadOnlyDictionary<string, Tensor> eager, IReadOnlyDictionary<string, Tensor> compiled)
    {
        if (eager.Count != compiled.Count)
            throw new InvalidOperationException($"The eager model has {eager.Count} state tensors ({string.Join(", ", eager.Keys)}) but the compiled one has {compiled.Count} ({string.Join(", ", compiled.Keys)}).");
        var renamed = new Dictionary<string, Tensor>();
        foreach (var ((eagerKey, tensor), compiledKey) in eager.Zip(compiled.Keys))
        {
            if (TensorName(eagerKey) != TensorName(compiledKey))
                throw new InvalidOperationException($"State tensor '{eagerKey}' of the eager model lines up with '{compiledKey}' of the compiled one; expected the same tensor name after the layer name.");
            renamed[compiledKey] = tensor;
        }
        return renamed;
    }

    private static string TensorName(string key) => key[(key.LastIndexOf('.') + 1)..];
}
