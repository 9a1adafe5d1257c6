namespace GraphGen.Nn;

/// <summary>Gaussian Error Linear Unit x·Φ(x) (PyTorch's <c>nn.GELU</c>); "tanh" selects the tanh approximation.</summary>
/// <remarks>Shape: input (*), output (*) — the same shape.</remarks>
public sealed class GELU : Module
{
    public GELU(string approximate = "none")
    {
        if (approximate is not ("none" or "tanh"))
            throw new ArgumentException($"GELU: approximate must be 'none' or 'tanh', but got '{approximate}'.", nameof(approximate));
        Approximate = approximate;
    }

    public string Approximate { get; }

    public Tensor Forward(Tensor input) => F.Gelu(input, Approximate);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr() => $"approximate={PythonRepr.String(Approximate)}";
}
