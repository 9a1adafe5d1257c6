namespace GraphGen.Nn;

/// <summary>
/// During training, zeroes each element with probability <see cref="P"/> and scales the survivors by
/// 1/(1-p) so the expected value is unchanged (PyTorch's <c>nn.Dropout</c>); in eval mode it is the identity.
/// </summary>
/// <remarks>Shape: input (*), output (*) — the same shape. Masks come from <c>generator</c> (or the default generator).</remarks>
public sealed class Dropout : Module
{
    private readonly RandomGenerator? _generator;

    public Dropout(double p = 0.5, RandomGenerator? generator = null)
    {
        F.CheckDropoutProbability(p);
        P = p;
        _generator = generator;
    }

    /// <summary>Probability of an element being zeroed.</summary>
    public double P { get; }

    public Tensor Forward(Tensor input) => F.Dropout(input, P, Training, _generator);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr() => $"p={PythonRepr.Float(P)}, inplace=False";
}
