namespace GraphGen.Nn;

/// <summary>
/// Base of the loss modules (PyTorch's <c>_Loss</c>): a module of two inputs, the prediction and the
/// target, with a <see cref="Reduction"/>. Call it as <c>loss.Call(output, target)</c>.
/// </summary>
public abstract class Loss : Module
{
    protected Loss(Reduction reduction)
    {
        if (!Enum.IsDefined(reduction))
            throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "reduction must be Reduction.None, Reduction.Mean or Reduction.Sum.");
        Reduction = reduction;
    }

    public Reduction Reduction { get; }

    /// <summary>The loss of <paramref name="input"/> (the model's output) against <paramref name="target"/>.</summary>
    public abstract Tensor Forward(Tensor input, Tensor target);

    /// <summary>Runs the loss (PyTorch's <c>__call__</c>).</summary>
    public Tensor Call(Tensor input, Tensor target) => Forward(input, target);
}
