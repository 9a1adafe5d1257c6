namespace GraphGen.Nn;

/// <summary>Negative log likelihood of log-probabilities, e.g. after <see cref="LogSoftmax"/> (PyTorch's <c>nn.NLLLoss</c>).</summary>
/// <remarks>
/// Shape: input (C), (N, C) or (N, C, d1, ...) of log-probabilities; target class indices (int64) of shape
/// (), (N) or (N, d1, ...); output a scalar, or the target's shape with <see cref="Reduction.None"/>.
/// Mean divides by the summed weights of the non-ignored targets. The weight is saved as the buffer "weight".
/// </remarks>
public sealed class NLLLoss : Loss
{
    public NLLLoss(Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        RegisterBuffer("weight", weight);
        IgnoreIndex = ignoreIndex;
    }

    public Tensor? Weight => GetBuffer("weight");

    /// <summary>Targets equal to this contribute neither loss nor gradient (default -100).</summary>
    public long IgnoreIndex { get; }

    public override Tensor Forward(Tensor input, Tensor target) => F.NllLoss(input, target, Weight, IgnoreIndex, Reduction);
}
