using System.Numerics.Tensors;

namespace GraphGen.Nn;

/// <summary>
/// <see cref="Float32MseLoss"/> on a compiled training call's recycled output: the saved difference, the gradient,
/// the loss tensor, its node and the gradient array live here (on the output's <see cref="RecycledResult.Consumer"/>)
/// and are reused every step, so the loss allocates nothing.
/// </summary>
/// <remarks>
/// The loss tensor is handed out again by the next step's loss on the same output once its backward has run, as the
/// output itself is (see <see cref="Compiled.Workspace{TSizes}"/>); while its graph is unconsumed a new one is made.
/// </remarks>
internal sealed class RecycledMseLoss
{
    private readonly float[] _difference, _gradient;
    private readonly Tensor _gradientTensor;
    private readonly Tensor?[] _gradients = new Tensor?[2];
    private readonly Func<Tensor, bool[], Tensor?[]> _backward;
    private Tensor? _result;
    private double _scale;

    private RecycledMseLoss(Tensor input)
    {
        _difference = new float[input.NumEl];
        _gradient = new float[input.NumEl];
        _gradientTensor = Tensor.Wrap(_gradient, input.Shape.ToArray());
        _backward = (g, _) => Backward(g);
    }

    /// <summary>
    /// The loss of <paramref name="input"/>, a recycled output, against a checked float32 <paramref name="target"/> of its
    /// shape, when its buffers are free; null otherwise (the caller takes the allocating path).
    /// </summary>
    public static Tensor? TryApply(Tensor input, Tensor target, Reduction reduction)
    {
        if (input.Recycled is not { } recycled || !Autograd.IsGradEnabled || !input.RequiresGrad) return null;
        if (input.Storage is not CpuStorage || target.Storage is not CpuStorage || !target.IsContiguous) return null;
        if (recycled.Consumer is not RecycledMseLoss loss || !loss._gradientTensor.ShapeArray.AsSpan().SequenceEqual(input.ShapeArray))
            recycled.Consumer = loss = new RecycledMseLoss(input);
        if (loss._result?.GradFn is { IsArmed: true }) return null; // the last loss's graph is still unconsumed: it keeps its buffers

        int n = loss._difference.Length;
        double sum = Float32MseLoss.SumOfSquares(input.Span<float>(), target.Span<float>(), loss._difference);
        bool mean = reduction == Reduction.Mean;
        loss._scale = mean ? 2.0 / n : 2.0;
        float value = (float)(mean ? (n == 0 ? double.NaN : sum / n) : sum);

        var result = loss._result;
        if (result is null) loss._result = result = Tensor.Wrap(new float[1]);
        else result.ResetForReuse();
        result.Span<float>()[0] = value;
        Autograd.Rerecord(result, "MseLossBackward0", loss._backward, [input, target]);
        if (result.Recycled is { Seed: null } own) own.Seed = Tensor.OnesLike(result);
        return result;
    }

    private Tensor?[] Backward(Tensor g)
    {
        TensorPrimitives.Multiply(_difference, (float)(_scale * g.Item<double>()), _gradient);
        _gradients[0] = _gradientTensor;
        return _gradients;
    }
}
