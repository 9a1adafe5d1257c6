namespace GraphGen.Nn;

/// <summary>Log-softmax and negative log likelihood in one stable, fused step (PyTorch's <c>nn.CrossEntropyLoss</c>).</summary>
/// <remarks>
/// Shape: input (C), (N, C) or (N, C, d1, ...) of raw scores; target either class indices (int64) of
/// shape (), (N) or (N, d1, ...), or class probabilities of the input's shape; output a scalar, or the
/// target's per-sample shape with <see cref="Reduction.None"/>. See <see cref="F.CrossEntropy"/> for
/// weight, ignore_index and label smoothing. The weight is saved as the buffer "weight", as in PyTorch.
/// </remarks>
public sealed class CrossEntropyLoss : Loss
{
    public CrossEntropyLoss(Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean, double labelSmoothing = 0)
        : base(reduction)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, $"CrossEntropyLoss: label_smoothing must be between 0.0 and 1.0. Got: {labelSmoothing}.");
        RegisterBuffer("weight", weight);
        IgnoreIndex = ignoreIndex;
        LabelSmoothing = labelSmoothing;
    }

    public Tensor? Weight => GetBuffer("weight");

    /// <summary>Targets equal to this contribute neither loss nor gradient (default -100).</summary>
    public long IgnoreIndex { get; }

    public double LabelSmoothing { get; }

    public override Tensor Forward(Tensor input, Tensor target) =>
        F.CrossEntropy(input, target, Weight, IgnoreIndex, Reduction, LabelSmoothing);
}
