using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Bench;

/// <summary>
/// The compiled side of one <see cref="ModelSpec"/>: the spec's [Module] class (see CompiledModels.cs),
/// plain SGD and the spec's fixed batch, written as a user would. The parameters start as a copy of
/// <see cref="EagerMlp"/>'s (same seed), so both train identically and their losses can be compared.
/// </summary>
public sealed class CompiledMlp
{
    private readonly Module _model;
    private readonly SGD _optimizer;
    private readonly Tensor _inputs;
    private readonly Tensor _targets;
    private readonly LossKind _loss;

    public CompiledMlp(ModelSpec spec)
    {
        _model = Create(spec);
        CopyParameters(from: new EagerMlp(spec).Model, to: _model);
        _optimizer = new SGD(_model.Parameters(), lr: spec.LearningRate);
        var (inputs, classes, targets) = spec.MakeBatch();
        _inputs = Tensor.Wrap(inputs, spec.Batch, spec.Inputs);
        _targets = spec.Loss == LossKind.CrossEntropy
            ? Tensor.Wrap(classes, spec.Batch)
            : Tensor.Wrap(targets, spec.Batch, spec.Outputs);
        _loss = spec.Loss;
    }

    public Module Model => _model;

    /// <summary>The [Module] class compiled for <paramref name="spec"/>'s widths.</summary>
    public static Module Create(ModelSpec spec) => spec.Widths switch
    {
        [var inputs, 5, 20, var classes] => new SeedMlp(inputs, classes),
        [784, 128, 10] => new Mlp784x128x10(),
        [784, 512, 512, 10] => new Mlp784x512x512x10(),
        [4096, 4096, 4096] => new Mlp4096x4096x4096(),
        _ => throw new ArgumentException($"No compiled [Module] for widths {string.Join('-', spec.Widths)}; add one to CompiledModels.cs.", nameof(spec)),
    };

    /// <summary>net.Call(x) -> loss -> Backward -> SGD step -> zero_grad.</summary>
    public void Step()
    {
        var loss = ComputeLoss();
        loss.Backward();
        _optimizer.Step();
        _optimizer.ZeroGrad();
    }

    /// <summary>The compiled forward only, without recording autograd.</summary>
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

    /// <summary>Copies parameters in registration order (Linear weight, bias, ... in both models), checking shapes.</summary>
    private static void CopyParameters(Module from, Module to)
    {
        var source = from.Parameters().ToList();
        var target = to.Parameters().ToList();
        if (source.Count != target.Count)
            throw new InvalidOperationException($"The eager model has {source.Count} parameters but the compiled one has {target.Count}.");
        using (Autograd.NoGrad())
            for (int i = 0; i < source.Count; i++)
            {
                if (!source[i].Shape.Equals(target[i].Shape))
                    throw new InvalidOperationException($"Parameter {i}: eager shape {source[i].Shape}, compiled shape {target[i].Shape}.");
                target[i].Copy_(source[i]);
            }
    }
}
