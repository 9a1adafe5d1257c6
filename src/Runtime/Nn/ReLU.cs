namespace GraphGen.Nn;

/// <summary>max(0, x) elementwise (PyTorch's <c>nn.ReLU</c>).</summary>
/// <remarks>Shape: input (*), output (*) — the same shape.</remarks>
public sealed class ReLU : Module
{
    public Tensor Forward(Tensor input) => F.Relu(input);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);
}
