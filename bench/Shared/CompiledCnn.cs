using GraphGen.Nn;

namespace GraphGen.Bench;

/// <summary>
/// The compiled side of one <see cref="CnnSpec"/>: the architecture's [Module] class (CompiledCnnModels.cs) in the
/// spec's <see cref="CnnTrainingLoop"/>, as <see cref="EagerCnn"/> but through the generated kernels. Its state
/// (weights and BatchNorm buffers) is loaded from <see cref="EagerCnn"/>'s, so it starts from the same numbers as the
/// eager and TorchSharp columns.
/// </summary>
public sealed class CompiledCnn
{
    private readonly Module _model;
    private readonly CnnTrainingLoop _loop;

    public CompiledCnn(CnnSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _model = Create(spec.Architecture);
        _model.LoadStateDict(RenameByPosition(new EagerCnn(spec).Model.StateDict(), _model.StateDict()));
        _loop = new CnnTrainingLoop(spec, _model);
    }

    public Module Model => _model;

    /// <summary>The [Module] class compiled for <paramref name="architecture"/>.</summary>
    public static Module Create(CnnArchitecture architecture) => architecture switch
    {
        CnnArchitecture.LeNet5 => new LeNet5Net(),
        CnnArchitecture.ConvBnGap => new ConvBnGapNet(),
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "No compiled [Module] for this architecture; add one to CompiledCnnModels.cs."),
    };

    /// <inheritdoc cref="CnnTrainingLoop.Step"/>
    public void Step() => _loop.Step();

    /// <inheritdoc cref="CnnTrainingLoop.Infer"/>
    public Tensor Infer() => _loop.Infer();

    /// <inheritdoc cref="CnnTrainingLoop.Loss"/>
    public float Loss() => _loop.Loss();

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
