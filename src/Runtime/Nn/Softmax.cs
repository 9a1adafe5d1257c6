namespace GraphGen.Nn;

/// <summary>exp(x)/Σexp(x) along <see cref="Dim"/> (PyTorch's <c>nn.Softmax</c>); values along Dim sum to 1.</summary>
/// <remarks>Shape: input (*), output (*) — the same shape. Dim may be negative (counted from the end).</remarks>
public sealed class Softmax : Module
{
    public Softmax(int dim) => Dim = dim;

    public int Dim { get; }

    public Tensor Forward(Tensor input) => F.Softmax(input, Dim);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr() => $"dim={Dim}";
}
