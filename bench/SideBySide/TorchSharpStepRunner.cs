using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TsTensor = TorchSharp.torch.Tensor;

namespace GraphGen.Bench.SideBySide;

/// <summary>The baseline column: the same MLP in TorchSharp (libtorch CPU), written as a user would.</summary>
public sealed class TorchSharpStepRunner : IStepRunner
{
    private readonly Sequential _model;
    private readonly optim.Optimizer _optimizer;
    private readonly TsTensor _inputs;
    private readonly TsTensor _targets;
    private readonly LossKind _loss;

    public TorchSharpStepRunner(ModelSpec spec)
    {
        manual_seed(42);
        var layers = new List<(string, nn.Module<TsTensor, TsTensor>)>();
        for (int i = 0; i + 1 < spec.Widths.Length; i++)
        {
            if (i > 0) layers.Add(($"relu{i}", nn.ReLU()));
            layers.Add(($"fc{i + 1}", nn.Linear(spec.Widths[i], spec.Widths[i + 1])));
        }
        _model = nn.Sequential(layers);
        _optimizer = optim.SGD(_model.parameters(), spec.LearningRate);
        var (inputs, classes, targets) = spec.MakeBatch();
        _inputs = tensor(inputs, [spec.Batch, spec.Inputs]);
        _targets = spec.Loss == LossKind.CrossEntropy
            ? tensor(classes, [spec.Batch])
            : tensor(targets, [spec.Batch, spec.Outputs]);
        _loss = spec.Loss;
    }

    public string Name => "TorchSharp";

    public void Step()
    {
        // The dispose scope frees this step's activations and loss deterministically, as TorchSharp's
        // documentation recommends for training loops (otherwise the finalizer thread does it, late).
        using var scope = NewDisposeScope();
        var loss = ComputeLoss();
        loss.backward();
        _optimizer.step();
        _optimizer.zero_grad();
    }

    public void Infer()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _model.forward(_inputs);
    }

    public float Loss()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return ComputeLoss().item<float>();
    }

    private TsTensor ComputeLoss()
    {
        var output = _model.forward(_inputs);
        return _loss == LossKind.CrossEntropy
            ? nn.functional.cross_entropy(output, _targets)
            : nn.functional.mse_loss(output, _targets);
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _model.Dispose();
        _inputs.Dispose();
        _targets.Dispose();
    }
}
