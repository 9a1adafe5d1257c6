namespace GraphGen.Nn;

/// <summary>log(softmax(x)) along <see cref="Dim"/>, computed stably (PyTorch's <c>nn.LogSoftmax</c>).</summary>
/// <remarks>
/// Shape: input (*), output (*) — the same shape. Dim may be negative (counted from the end). Without a dim
/// (<c>new LogSoftmax()</c>, printed <c>LogSoftmax(dim=None)</c>) the dim is PyTorch's legacy guess from the input's
/// rank, <see cref="F.ImplicitSoftmaxDim"/>: 0 for 0-, 1- and 3-D inputs, else 1.
/// </remarks>
public sealed class LogSoftmax : Module
{
    /// <summary>LogSoftmax along PyTorch's implicit dim (<see cref="F.ImplicitSoftmaxDim"/>), as <c>nn.LogSoftmax()</c>.</summary>
    public LogSoftmax()
    {
    }

    public LogSoftmax(int dim) => Dim = dim;

    /// <summary>The dim written at construction; null for the implicit dim chosen from each input's rank.</summary>
    public int? Dim { get; }

    public Tensor Forward(Tensor input) => Dim is { } dim ? F.LogSoftmax(input, dim) : F.LogSoftmax(input);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr() => $"dim={Dim?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None"}";
}
