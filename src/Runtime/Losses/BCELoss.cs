namespace GraphGen.Nn;

/// <summary>Binary cross entropy between probabilities and targets (PyTorch's <c>nn.BCELoss</c>).</summary>
/// <remarks>
/// Shape: input (*) with values in [0, 1], target (*) — the same shape, values usually 0 or 1 (soft targets
/// allowed); output a scalar, or (*) with <see cref="Reduction.None"/>. The optional weight broadcasts
/// against the input and is saved as the buffer "weight", as in PyTorch.
/// </remarks>
public sealed class BCELoss : Loss
{
    public BCELoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) : base(reduction) => RegisterBuffer("weight", weight);

    public Tensor? Weight => GetBuffer("weight");

    public override Tensor Forward(Tensor input, Tensor target) => F.BinaryCrossEntropy(input, target, Weight, Reduction);
}
