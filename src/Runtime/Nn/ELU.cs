namespace GraphGen.Nn;

/// <summary>Exponential Linear Unit: x for x &gt; 0, alpha·(eˣ - 1) otherwise (PyTorch's <c>nn.ELU</c>).</summary>
/// <remarks>Shape: input (*), output (*) — the same shape.</remarks>
public sealed class ELU : Module
{
    public ELU(double alpha = 1.0)
    {
        if (!double.IsFinite(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "ELU: alpha must be a finite number.");
        Alpha = alpha;
    }

    public double Alpha { get; }

    public Tensor Forward(Tensor input) => F.Elu(input, Alpha);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr() => $"alpha={PythonRepr.Float(Alpha)}";
}
