using GraphGen.Optim;

namespace GraphGen.Trainer;

/// <summary>Builds the optimizer <c>--optimizer</c> names, with PyTorch's defaults for everything but the learning rate.</summary>
public static class OptimizerFactory
{
    public static Optimizer Create(OptimizerKind kind, IEnumerable<Tensor> parameters, double lr) => kind switch
    {
        OptimizerKind.Sgd => new SGD(parameters, lr: lr),
        OptimizerKind.Adam => new Adam(parameters, lr: lr),
        OptimizerKind.AdamW => new AdamW(parameters, lr: lr),
        OptimizerKind.RmsProp => new RMSprop(parameters, lr: lr),
        OptimizerKind.Adagrad => new Adagrad(parameters, lr: lr),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer kind."),
    };

    /// <summary>The name as <c>--optimizer</c> spells it.</summary>
    public static string Name(OptimizerKind kind) => kind.ToString().ToLowerInvariant();
}
