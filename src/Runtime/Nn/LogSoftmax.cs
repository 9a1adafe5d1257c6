namespace GraphGen.Nn;

/// <summary>log(softmax(x)) along <see cref="Dim"/>, computed stably (PyTorch's <c>nn.LogSoftmax</c>).</summary>
/// <remarks>Shape: input (*), output (*) — the same shape. Dim may be negative (counted from the end).</remarks>
public sealed class LogSoftmax : Module
{
    public LogSoftmax(int dim) => Dim = dim;

    public int Dim { get; }

    public Tensor Forward(Tensor input) => F.LogSoftmax(input, Dim);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr() => $"dim={Dim}";
}
