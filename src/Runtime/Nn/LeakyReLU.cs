namespace GraphGen.Nn;

/// <summary>x for x &gt; 0, negative_slope·x otherwise (PyTorch's <c>nn.LeakyReLU</c>).</summary>
/// <remarks>Shape: input (*), output (*) — the same shape.</remarks>
public sealed class LeakyReLU : Module
{
    public LeakyReLU(double negativeSlope = 0.01)
    {
        if (!double.IsFinite(negativeSlope))
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "LeakyReLU: negative_slope must be a finite number.");
        NegativeSlope = negativeSlope;
    }

    public double NegativeSlope { get; }

    public Tensor Forward(Tensor input) => F.LeakyRelu(input, NegativeSlope);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr() => $"negative_slope={PythonRepr.Float(NegativeSlope)}";
}
