namespace GraphGen.Nn;

/// <summary>Applies an affine map y = x·Wᵀ + b (PyTorch's <c>nn.Linear</c>).</summary>
/// <remarks>
/// Shape: input (*, in_features) — any number of leading dimensions, including none (a 1-D input);
/// output (*, out_features). <see cref="Weight"/> is (out_features, in_features), <see cref="Bias"/>
/// is (out_features). Initialisation is PyTorch's <c>reset_parameters</c>: kaiming_uniform_(a=√5), i.e.
/// weight and bias ~ U(-1/√in_features, 1/√in_features), drawn from <c>generator</c> (or the default
/// generator seeded by <see cref="Tensor.ManualSeed"/>), weight first.
/// </remarks>
public sealed class Linear : Module
{
    public Linear(int inFeatures, int outFeatures, bool bias = true, RandomGenerator? generator = null)
    {
        if (inFeatures < 0) throw new ArgumentOutOfRangeException(nameof(inFeatures), inFeatures, "Linear: in_features must be 0 or more.");
        if (outFeatures < 0) throw new ArgumentOutOfRangeException(nameof(outFeatures), outFeatures, "Linear: out_features must be 0 or more.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        // kaiming_uniform_(a=√5): gain = √(2/(1+5)), bound = gain·√(3/fan_in) = 1/√fan_in; the bias uses 1/√fan_in too.
        double bound = inFeatures > 0 ? 1.0 / Math.Sqrt(inFeatures) : 0;
        RegisterParameter("weight", Tensor.Uniform([outFeatures, inFeatures], -bound, bound, generator));
        RegisterParameter("bias", bias ? Tensor.Uniform([outFeatures], -bound, bound, generator) : null);
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    /// <summary>The (out_features, in_features) weight.</summary>
    public Tensor Weight => GetParameter("weight")!;

    /// <summary>The (out_features) bias, or null when constructed with <c>bias: false</c>.</summary>
    public Tensor? Bias => GetParameter("bias");

    public Tensor Forward(Tensor input) => F.Linear(input, Weight, Bias);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr() =>
        $"in_features={InFeatures}, out_features={OutFeatures}, bias={PythonRepr.Bool(Bias is not null)}";
}
