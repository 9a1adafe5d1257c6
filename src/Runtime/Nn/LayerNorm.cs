namespace GraphGen.Nn;

/// <summary>Layer normalisation over the last dims of each sample (PyTorch's <c>nn.LayerNorm</c>).</summary>
/// <remarks>
/// Shape: input [*, normalized_shape]; output the same. Mean and biased variance over the normalized_shape dims;
/// weight (ones) and bias (zeros) of shape normalized_shape when elementwiseAffine. Runs <see cref="F.LayerNorm"/>.
/// </remarks>
public sealed class LayerNorm : Module
{
    private readonly int[] _normalizedShape;

    public LayerNorm(int normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, bool bias = true)
        : this([normalizedShape], eps, elementwiseAffine, bias)
    {
    }

    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        if (normalizedShape.Length == 0 || normalizedShape.Any(d => d < 1))
            throw new ArgumentOutOfRangeException(nameof(normalizedShape), Shape.Format(normalizedShape), $"LayerNorm: normalized_shape must be one or more sizes of at least 1 but got {Shape.Format(normalizedShape)}.");
        if (!(eps > 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, $"LayerNorm: eps must be positive but got {PythonRepr.Float(eps)}.");
        _normalizedShape = (int[])normalizedShape.Clone();
        Eps = eps;
        ElementwiseAffine = elementwiseAffine;
        RegisterParameter("weight", elementwiseAffine ? Tensor.Ones(_normalizedShape) : null);
        RegisterParameter("bias", elementwiseAffine && bias ? Tensor.Zeros(_normalizedShape) : null);
    }

    public IReadOnlyList<int> NormalizedShape => _normalizedShape;

    public double Eps { get; }

    public bool ElementwiseAffine { get; }

    public Tensor? Weight => GetParameter("weight");

    public Tensor? Bias => GetParameter("bias");

    public Tensor Forward(Tensor input) => F.LayerNorm(input, _normalizedShape, Weight, Bias, Eps);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr()
    {
        string shape = _normalizedShape.Length == 1 ? $"({_normalizedShape[0]},)" : $"({string.Join(", ", _normalizedShape)})";
        return $"{shape}, eps={PythonRepr.Float(Eps)}, elementwise_affine={PythonRepr.Bool(ElementwiseAffine)}";
    }
}
