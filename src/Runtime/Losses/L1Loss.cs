namespace GraphGen.Nn;

/// <summary>Mean absolute error between input and target (PyTorch's <c>nn.L1Loss</c>).</summary>
/// <remarks>Shape: input (*), target (*) — the same shape; output a scalar, or (*) with <see cref="Reduction.None"/>.</remarks>
public sealed class L1Loss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    public override Tensor Forward(Tensor input, Tensor target) => F.L1Loss(input, target, Reduction);
}
