namespace GraphGen.Nn;

/// <summary>Returns its input unchanged (PyTorch's <c>nn.Identity</c>), a placeholder in architectures.</summary>
/// <remarks>Shape: input (*), output (*) — the same tensor.</remarks>
public sealed class Identity : Module
{
    public Tensor Forward(Tensor input) => input;

    protected internal override Tensor CallCore(Tensor input) => Forward(input);
}
