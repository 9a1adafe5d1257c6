namespace GraphGen.Nn;

/// <summary>Sigmoid and binary cross entropy in one numerically stable step (PyTorch's <c>nn.BCEWithLogitsLoss</c>).</summary>
/// <remarks>
/// Shape: input (*) of raw scores (logits, any magnitude), target (*) — the same shape; output a scalar, or
/// (*) with <see cref="Reduction.None"/>. <c>weight</c> broadcasts against the input; <c>posWeight</c>
/// (one value per class, broadcast over the last dimension) multiplies the positive term, trading recall
/// for precision. Both are saved as buffers ("weight", "pos_weight"), as in PyTorch.
/// </remarks>
public sealed class BCEWithLogitsLoss : Loss
{
    public BCEWithLogitsLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? posWeight = null) : base(reduction)
    {
        RegisterBuffer("weight", weight);
        RegisterBuffer("pos_weight", posWeight);
    }

    public Tensor? Weight => GetBuffer("weight");

    public Tensor? PosWeight => GetBuffer("pos_weight");

    public override Tensor Forward(Tensor input, Tensor target) =>
        F.BinaryCrossEntropyWithLogits(input, target, Weight, Reduction, PosWeight);
}
