using System.Numerics.Tensors;

namespace GraphGen.Nn;

/// <summary>
/// The common case of <see cref="F.MseLoss"/> — float32 input and target, mean or sum, no gradient for the
/// target — without the general path's float64 copies of input, target, losses and derivatives: it saves
/// only x - t (float32) for the backward, which is 2·scale·(x - t). The loss is still summed in float64.
/// </summary>
/// <remarks>
/// On a training step of a 4096-wide output at batch 256 (1M elements) this cuts the loss's allocations from
/// ~70 MB to ~8 MB (the saved difference and the gradient handed to autograd) per step, and to nothing on a
/// compiled training call's recycled output (<see cref="RecycledMseLoss"/>).
/// </remarks>
internal static class Float32MseLoss
{
    public static bool Applies(Tensor input, Tensor target, Reduction reduction) =>
        reduction is Reduction.Mean or Reduction.Sum && input is { DType: DType.Float32 }
        && target is { DType: DType.Float32, RequiresGrad: false };

    public static Tensor Apply(Tensor input, Tensor target, Reduction reduction)
    {
        ElementwiseLoss.CheckPair("MSELoss", input, target);
        return RecycledMseLoss.TryApply(input, target, reduction) ?? Allocating(input, target, reduction);
    }

    /// <summary>The loss with a new difference, result and node (its own method: the backward's closure is allocated on entry).</summary>
    private static Tensor Allocating(Tensor input, Tensor target, Reduction reduction)
    {
        var x = input.Detach().Contiguous().AsSpan<float>();
        var t = target.Detach().Contiguous().AsSpan<float>();
        int n = x.Length;
        // The difference is saved (not the input) so an in-place change of the input after the loss cannot alter the backward.
        var difference = Autograd.IsGradEnabled && input.RequiresGrad ? new float[n] : null;
        double sum = SumOfSquares(x, t, difference);

        bool mean = reduction == Reduction.Mean;
        var result = Tensor.Scalar(mean ? (n == 0 ? double.NaN : sum / n) : sum, DType.Float32);
        if (difference is null) return result;

        var shape = input.Shape.ToArray();
        double scale = mean ? 2.0 / n : 2.0;
        return Autograd.Record("MseLossBackward0", result, g =>
        {
            var gradient = new float[n];
            TensorPrimitives.Multiply(difference, (float)(scale * g.Item<double>()), gradient);
            return [Tensor.Wrap(gradient, shape), null];
        }, input, target);
    }

    /// <summary>Σ (x - t)² in float64; each x - t is also written to <paramref name="difference"/> when it is not empty.</summary>
    public static double SumOfSquares(ReadOnlySpan<float> x, ReadOnlySpan<float> t, Span<float> difference)
    {
        double sum = 0;
        bool keep = !difference.IsEmpty;
        for (int i = 0; i < x.Length; i++)
        {
            double d = (double)x[i] - t[i];
            sum += d * d;
            if (keep) difference[i] = (float)d;
        }

        return sum;
    }
}
