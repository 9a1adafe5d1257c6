namespace GraphGen.Nn;

/// <summary>
/// <see cref="Float32CrossEntropy"/> on a compiled training call's recycled output: the softmax, targets and
/// gradient buffers, the loss tensor, its node and the gradient array live here (on the output's
/// <see cref="RecycledResult.Consumer"/>) and are reused every step, so the loss allocates nothing.
/// </summary>
/// <remarks>
/// The loss tensor is handed out again by the next step's loss on the same output once its backward has run, as the
/// output itself is (see <see cref="Compiled.Workspace{TSizes}"/>); while its graph is unconsumed a new one is made.
/// </remarks>
internal sealed class RecycledCrossEntropy
{
    private readonly int _n, _c;
    private readonly float[] _probabilities, _maxima, _gradient;
    private readonly long[] _targets;
    private readonly Tensor _gradientTensor;
    private readonly Tensor?[] _gradients = new Tensor?[1];
    private readonly Func<Tensor, bool[], Tensor?[]> _backward;
    private Tensor? _result;
    private long _ignoreIndex;
    private double _scaleDenominator;

    private RecycledCrossEntropy(int n, int c)
    {
        (_n, _c) = (n, c);
        _probabilities = new float[n * c];
        _maxima = new float[n];
        _gradient = new float[n * c];
        _targets = new long[n];
        _gradientTensor = Tensor.Wrap(_gradient, n, c);
        _backward = (g, _) => Backward(g);
    }

    /// <summary>
    /// The loss of <paramref name="input"/>, a recycled output, when the fast path applies and its buffers are free;
    /// null otherwise (the caller takes the general path, which also reports bad input).
    /// </summary>
    public static Tensor? TryApply(Tensor input, Tensor target, long ignoreIndex, Reduction reduction)
    {
        if (input.Recycled is not { } recycled || !Autograd.IsGradEnabled || !input.RequiresGrad) return null;
        if (target is not { DType: DType.Int64, Rank: 1, Storage: CpuStorage, IsContiguous: true } || target.Size(0) != input.Size(0)) return null;
        int n = input.Size(0), c = input.Size(1);
        var targets = target.Span<long>();
        foreach (long t in targets)
            if (t != ignoreIndex && (t < 0 || t >= c)) return null;

        if (recycled.Consumer is not RecycledCrossEntropy loss || loss._n != n || loss._c != c)
            recycled.Consumer = loss = new RecycledCrossEntropy(n, c);
        if (loss._result?.GradFn is { IsArmed: true }) return null; // the last loss's graph is still unconsumed: it keeps its buffers

        targets.CopyTo(loss._targets);
        loss._ignoreIndex = ignoreIndex;
        double total = Float32CrossEntropy.Forward(input.Span<float>(), loss._targets, n, c, ignoreIndex, loss._probabilities, loss._maxima, out double denominator);
        bool mean = reduction == Reduction.Mean;
        loss._scaleDenominator = mean ? denominator : 1;
        float value = (float)(mean ? total / denominator : total); // 0/0 = NaN when every target is ignored, as in PyTorch

        var result = loss._result;
        if (result is null) loss._result = result = Tensor.Wrap(new float[1]);
        else result.ResetForReuse();
        result.Span<float>()[0] = value;
        Autograd.Rerecord(result, "NllLossBackward0", loss._backward, [input]);
        if (result.Recycled is { Seed: null } own) own.Seed = Tensor.OnesLike(result);
        return result;
    }

    private Tensor?[] Backward(Tensor g)
    {
        Float32CrossEntropy.Backward(_probabilities, _targets, _n, _c, _ignoreIndex, (float)(g.Item<double>() / _scaleDenominator), _gradient);
        _gradients[0] = _gradientTensor;
        return _gradients;
    }
}
