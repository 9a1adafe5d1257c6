using GraphGen.Gpu;
using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Bench.Gpu;

/// <summary>
/// One <see cref="ModelSpec"/> training on a device: eager (<see cref="EagerMlp"/>'s Sequential) or compiled (the
/// spec's [Module] class, whose <c>Call</c> runs the generated kernels on a CUDA device), plain SGD, the spec's fixed
/// batch. Both start from EagerMlp's parameters (seed 42), so their losses can be compared step by step.
/// </summary>
public sealed class DeviceMlp
{
    private readonly Module _model;
    private readonly SGD _optimizer;
    private readonly Tensor _inputs;
    private readonly Tensor _targets;
    private readonly LossKind _loss;

    private DeviceMlp(Module model, ModelSpec spec, Device device)
    {
        model.To(device);
        _model = model;
        _optimizer = new SGD(model.Parameters(), lr: spec.LearningRate);
        var (inputs, classes, targets) = spec.MakeBatch();
        _inputs = Tensor.Wrap(inputs, spec.Batch, spec.Inputs).To(device);
        _targets = (spec.Loss == LossKind.CrossEntropy
            ? Tensor.Wrap(classes, spec.Batch)
            : Tensor.Wrap(targets, spec.Batch, spec.Outputs)).To(device);
        _loss = spec.Loss;
    }

    /// <summary>The eager Sequential of Linear and ReLU layers on <paramref name="device"/>.</summary>
    public static DeviceMlp Eager(ModelSpec spec, Device device) => new(new EagerMlp(spec).Model, spec, device);

    /// <summary>The compiled [Module] on <paramref name="device"/>, with the eager model's initial parameters.</summary>
    public static DeviceMlp Compiled(ModelSpec spec, Device device)
    {
        var model = CompiledMlp.Create(spec);
        CopyParameters(from: new EagerMlp(spec).Model, to: model);
        return new DeviceMlp(model, spec, device);
    }

    /// <summary>Call + loss + Backward + SGD step + ZeroGrad, every temporary released at the end of the step's scope.</summary>
    public void Step()
    {
        using var scope = GpuRuntime.Scope();
        var loss = ComputeLoss();
        loss.Backward();
        _optimizer.Step();
        _optimizer.ZeroGrad();
    }

    /// <summary>The loss on the batch now (no autograd), copied to the host.</summary>
    public float Loss()
    {
        using var scope = GpuRuntime.Scope();
        using (Autograd.NoGrad()) return ComputeLoss().Item<float>();
    }

    /// <summary>
    /// The autograd node of one forward's output: "{Type}Backward" when the generated code ran (the compiled
    /// model), the last eager op's node otherwise — so a silent fall-back to the eager Forward is visible.
    /// </summary>
    public string? OutputNodeName()
    {
        using var scope = GpuRuntime.Scope();
        return _model.Call(_inputs).GradFn?.Name;
    }

    public string ModelTypeName => _model.GetType().Name;

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
