namespace GraphGen.Nn;

/// <summary>1 / (1 + exp(-x)) elementwise (PyTorch's <c>nn.Sigmoid</c>).</summary>
/// <remarks>Shape: input (*), output (*) — the same shape.</remarks>
public sealed class Sigmoid : Module
{
    public Tensor Forward(Tensor input) => F.Sigmoid(input);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);
}
