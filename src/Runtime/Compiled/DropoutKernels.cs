namespace GraphGen.Compiled;

/// <summary>
/// Inverted dropout with a saved mask: while training each element is kept with probability 1 - p and
/// scaled by 1/(1 - p), so the expected value is unchanged; otherwise the mask is all ones. Backward is
/// dx = dy·mask either way.
/// </summary>
public static class DropoutKernels
{
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> mask, float p, bool training, RandomGenerator generator)
    {
        if (x.Length != y.Length || mask.Length != y.Length)
            throw new ArgumentException($"Dropout: x, y and mask have {x.Length}, {y.Length} and {mask.Length} elements.");
        if (p < 0f || p > 1f) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability has to be between 0 and 1.");
        if (!training || p == 0f)
        {
            mask.Fill(1f);
            x.CopyTo(y);
            return;
        }

        float scale = p >= 1f ? 0f : 1f / (1f - p);
        for (int i = 0; i < x.Length; i++)
        {
            float m = generator.NextSingle() >= p ? scale : 0f;
            mask[i] = m;
            y[i] = x[i] * m;
        }
    }

    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<float> mask, Span<float> dx, bool accumulate)
    {
        if (dy.Length != mask.Length || (!dx.IsEmpty && dx.Length != dy.Length))
            throw new ArgumentException($"Dropout backward: dy, mask and dx have {dy.Length}, {mask.Length} and {dx.Length} elements.");
        if (dx.IsEmpty) return;
        if (accumulate)
            for (int i = 0; i < dy.Length; i++) dx[i] += dy[i] * mask[i];
        else
            System.Numerics.Tensors.TensorPrimitives.Multiply(dy, mask, dx);
    }
}
