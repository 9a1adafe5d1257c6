using System.Numerics.Tensors;

namespace GraphGen.Nn;

/// <summary>
/// The common case of <see cref="F.CrossEntropy"/> — float32 logits [N, C], int64 class indices, no class
/// weights, no label smoothing, mean or sum — in float32 (as libtorch computes it) without the general path's
/// float64 copies: one vectorised exp over all logits, row sums and the loss in float64. The backward is
/// softmax minus the one-hot, scaled, from the saved float32 softmax.
/// </summary>
/// <remarks>
/// On the 784-128-10 training step (64 x 10 logits) the general path's conversions and allocations cost more
/// than the loss's arithmetic; this path allocates the softmax and the gradient only, and nothing at all on a
/// compiled training call's recycled output (<see cref="RecycledCrossEntropy"/>).
/// </remarks>
internal static class Float32CrossEntropy
{
    public static bool Applies(Tensor input, Tensor? weight, double labelSmoothing, Reduction reduction) =>
        input is { DType: DType.Float32, Rank: 2 } && input.Storage is CpuStorage && weight is null && labelSmoothing == 0
        && reduction is Reduction.Mean or Reduction.Sum;

    public static Tensor Apply(Tensor input, ClassIndexLoss.Layout layout, long ignoreIndex, Reduction reduction)
    {
        int n = layout.N, c = layout.C;
        var targets = layout.Targets;
        var x = input.Detach().Contiguous().AsSpan<float>();
        var probabilities = new float[n * c]; // row-major softmax, saved for the backward
        double total = Forward(x, targets, n, c, ignoreIndex, probabilities, new float[n], out double denominator);

        bool mean = reduction == Reduction.Mean;
        var result = Tensor.Scalar(mean ? total / denominator : total, DType.Float32); // 0/0 = NaN when every target is ignored, as in PyTorch
        if (!Autograd.IsGradEnabled || !input.RequiresGrad) return result;

        var shape = input.Shape.ToArray();
        return Autograd.Record("NllLossBackward0", result, g =>
        {
            var gradient = new float[n * c];
            Backward(probabilities, targets, n, c, ignoreIndex, (float)(g.Item<double>() / (mean ? denominator : 1)), gradient);
            return [Tensor.Wrap(gradient, shape)];
        }, input);
    }

    /// <summary>
    /// Fills <paramref name="probabilities"/> with each row's softmax (<paramref name="maxima"/>: each row's max) and
    /// returns the summed loss of the rows whose target is not <paramref name="ignoreIndex"/>, counted in <paramref name="denominator"/>.
    /// </summary>
    public static double Forward(ReadOnlySpan<float> x, ReadOnlySpan<long> targets, int n, int c, long ignoreIndex,
        Span<float> probabilities, Span<float> maxima, out double denominator)
    {
        // Each row shifted by its max (exp never overflows), then one vectorised exp over everything.
        for (int r = 0; r < n; r++)
        {
            var row = x.Slice(r * c, c);
            float max = c == 0 ? 0f : TensorPrimitives.Max(row);
            if (float.IsInfinity(max)) max = 0f; // all -inf rows give NaN, as in PyTorch
            maxima[r] = max;
            TensorPrimitives.Subtract(row, max, probabilities.Slice(r * c, c));
        }

        TensorPrimitives.Exp(probabilities, probabilities);
        double total = 0;
        denominator = 0;
        for (int r = 0; r < n; r++)
        {
            var p = probabilities.Slice(r * c, c);
            double sum = 0;
            foreach (float e in p) sum += e;
            TensorPrimitives.Multiply(p, (float)(1 / sum), p);
            long y = targets[r];
            if (y == ignoreIndex) continue;
            total += maxima[r] + Math.Log(sum) - x[r * c + (int)y];
            denominator += 1;
        }

        return total;
    }

    /// <summary>The logits' gradient: (softmax - one-hot)·<paramref name="scale"/> per row, zero for ignored rows.</summary>
    public static void Backward(ReadOnlySpan<float> probabilities, ReadOnlySpan<long> targets, int n, int c, long ignoreIndex, float scale, Span<float> gradient)
    {
        for (int r = 0; r < n; r++)
        {
            var row = gradient.Slice(r * c, c);
            long y = targets[r];
            if (y == ignoreIndex)
            {
                row.Clear();
                continue;
            }

            TensorPrimitives.Multiply(probabilities.Slice(r * c, c), scale, row);
            row[(int)y] -= scale;
        }
    }
}
