namespace GraphGen.Nn;

/// <summary>x·σ(x) elementwise, the sigmoid-weighted linear unit or "swish" (PyTorch's <c>nn.SiLU</c>).</summary>
/// <remarks>Shape: input (*), output (*) — the same shape.</remarks>
public sealed class SiLU : Module
{
    public Tensor Forward(Tensor input) => F.Silu(input);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);
}
