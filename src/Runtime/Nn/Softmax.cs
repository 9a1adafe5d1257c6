namespace GraphGen.Nn;

/// <summary>exp(x)/Σexp(x) along <see cref="Dim"/> (PyTorch's <c>nn.Softmax</c>); values along Dim sum to 1.</summary>
/// <remarks>
/// Shape: input (*), output (*) — the same shape. Dim may be negative (counted from the end). Without a dim
/// (<c>new Softmax()</c>, printed <c>Softmax(dim=None)</c>) the dim is PyTorch's legacy guess from the input's rank,
/// <see cref="F.ImplicitSoftmaxDim"/>: 0 for 0-, 1- and 3-D inputs, else 1.
/// </remarks>
public sealed class Softmax : Module
{
    /// <summary>Softmax along PyTorch's implicit dim (<see cref="F.ImplicitSoftmaxDim"/>), as <c>nn.Softmax()</c>.</summary>
    public Softmax()
    {
    }

    public Softmax(int dim) => Dim = dim;

    /// <summary>The dim written at construction; null for the implicit dim chosen from each input's rank.</summary>
    public int? Dim { get; }

    public Tensor Forward(Tensor input) => Dim is { } dim ? F.Softmax(input, dim) : F.Softmax(input);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr() => $"dim={Dim?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None"}";
}
