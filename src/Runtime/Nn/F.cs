namespace GraphGen.Nn;

/// <summary>
/// Functional forms of the layers and losses (PyTorch's <c>torch.nn.functional</c>): stateless, autograd-recorded.
/// Layers delegate to these, so module and functional results are identical.
/// </summary>
public static partial class F
{
    /// <summary>max(0, x) elementwise.</summary>
    public static Tensor Relu(Tensor input) => NotNull(input).Relu();

    /// <summary>1 / (1 + exp(-x)) elementwise.</summary>
    public static Tensor Sigmoid(Tensor input) => NotNull(input).Sigmoid();

    /// <summary>x·σ(x) elementwise (SiLU, "swish"), PyTorch's <c>F.silu</c>.</summary>
    public static Tensor Silu(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Silu();
    }

    /// <summary>Hyperbolic tangent elementwise.</summary>
    public static Tensor Tanh(Tensor input) => NotNull(input).Tanh();

    /// <summary>x for x &gt; 0, negativeSlope·x otherwise.</summary>
    public static Tensor LeakyRelu(Tensor input, double negativeSlope = 0.01) => NotNull(input).LeakyRelu(negativeSlope);

    /// <summary>x·Φ(x), exactly (<paramref name="approximate"/> "none") or with the tanh approximation ("tanh").</summary>
    public static Tensor Gelu(Tensor input, string approximate = "none") => NotNull(input).Gelu(approximate);

    /// <summary>x for x &gt; 0, alpha·(eˣ - 1) otherwise: one kernel, PyTorch's EluBackward0 (gradient alpha at x = 0).</summary>
    public static Tensor Elu(Tensor input, double alpha = 1.0)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Elu(alpha);
    }

    /// <summary>exp(x)/Σexp(x) along <paramref name="dim"/>, stable for large inputs.</summary>
    public static Tensor Softmax(Tensor input, int dim) => NotNull(input).Softmax(dim);

    /// <summary>
    /// Softmax without a dim: PyTorch's legacy implicit dim (<see cref="ImplicitSoftmaxDim"/>), as <c>F.softmax(x)</c>
    /// and <c>nn.Softmax()</c> compute it. Write the dim: for a batch of rows it is 1 (or -1).
    /// </summary>
    public static Tensor Softmax(Tensor input) => Softmax(input, ImplicitSoftmaxDim(NotNull(input).Rank));

    /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed without forming softmax (stable).</summary>
    public static Tensor LogSoftmax(Tensor input, int dim) => NotNull(input).LogSoftmax(dim);

    /// <summary>LogSoftmax without a dim: PyTorch's legacy implicit dim (<see cref="ImplicitSoftmaxDim"/>).</summary>
    public static Tensor LogSoftmax(Tensor input) => LogSoftmax(input, ImplicitSoftmaxDim(NotNull(input).Rank));

    /// <summary>
    /// The dim PyTorch picks when softmax is given none (<c>torch.nn.functional._get_softmax_dim</c>): 0 for 0-, 1- and
    /// 3-D inputs, else 1. It guesses the layout ([features], [batch, features], [channels, h, w], [batch, channels, ...]);
    /// the compiled code resolves the same rule from the rank it knows at build time.
    /// </summary>
    public static int ImplicitSoftmaxDim(int rank) => rank is 0 or 1 or 3 ? 0 : 1;

    /// <summary>
    /// Zeroes each element with probability <paramref name="p"/> and scales the rest by 1/(1-p) (inverted
    /// dropout) when <paramref name="training"/>; otherwise returns <paramref name="input"/> itself.
    /// </summary>
    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true, RandomGenerator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckDropoutProbability(p);
        if (!training || p == 0) return input;
        if (!input.DType.IsFloating())
            throw new ArgumentException($"Dropout: expected a floating point input but got dtype {input.DType.TorchName()}.", nameof(input));
        if (input.Storage is GpuStorage) return Kernels.Gpu.GpuTensorOps.Dropout(input, p, generator);
        input.EnsureCpu("Dropout");
        var g = generator ?? RandomGenerator.Default;
        var mask = Tensor.Zeros(input.ShapeArray, input.DType);
        double keep = 1 - p;
        if (input.DType == DType.Float32)
        {
            var m = mask.Span<float>();
            float scale = (float)(1 / keep);
            for (int i = 0; i < m.Length; i++) m[i] = g.NextDouble() < keep ? scale : 0f;
        }
        else
        {
            var m = mask.Span<double>();
            double scale = 1 / keep;
            for (int i = 0; i < m.Length; i++) m[i] = g.NextDouble() < keep ? scale : 0.0;
        }
        Tensor y;
        using (Autograd.NoGrad()) y = input * mask;
        return Autograd.Record("NativeDropoutBackward0", y, grad => [grad * mask], input);
    }

    internal static void CheckDropoutProbability(double p)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"dropout probability has to be between 0 and 1, but got {PythonRepr.Float(p)}.");
    }

    /// <summary>A null tensor argument is named (ArgumentNullException), never dereferenced.</summary>
    private static Tensor NotNull(Tensor input, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(input))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(input, name);
        return input;
    }
}
