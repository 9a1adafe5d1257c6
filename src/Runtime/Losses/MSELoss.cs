namespace GraphGen.Nn;

/// <summary>Mean squared error between input and target (PyTorch's <c>nn.MSELoss</c>).</summary>
/// <remarks>Shape: input (*), target (*) — the same shape; output a scalar, or (*) with <see cref="Reduction.None"/>.</remarks>
public sealed class MSELoss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    public override Tensor Forward(Tensor input, Tensor target) => F.MseLoss(input, target, Reduction);
}
