namespace GraphGen.Nn;

/// <summary>Hyperbolic tangent elementwise (PyTorch's <c>nn.Tanh</c>).</summary>
/// <remarks>Shape: input (*), output (*) — the same shape.</remarks>
public sealed class Tanh : Module
{
    public Tensor Forward(Tensor input) => F.Tanh(input);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);
}
