namespace GraphGen.Trainer;

/// <summary>The optimizers <c>--optimizer</c> accepts (names as in <c>torch.optim</c>, lower case).</summary>
public enum OptimizerKind
{
    Sgd,
    Adam,
    AdamW,
    RmsProp,
    Adagrad,
}
