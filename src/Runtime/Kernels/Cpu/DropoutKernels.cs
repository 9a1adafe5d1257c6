using System.ComponentModel;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Inverted dropout with a saved mask: while training each element is kept with probability 1 - p and
/// scaled by 1/(1 - p), so the expected value is unchanged; otherwise the mask is all ones. Backward is
/// dx = dy·mask either way.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DropoutKernels
{
    /// <remarks>
    /// Draws one <see cref="RandomGenerator.NextDouble"/> per element in row-major order and keeps the element
    /// when it is below 1 - p, exactly as the eager <c>F.Dropout</c> does: from the same generator state,
    /// compiled and eager dropout drop the same elements.
    /// </remarks>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> mask, double p, bool training, RandomGenerator generator)
    {
        if (x.Length != y.Length || mask.Length != y.Length)
            throw new ArgumentException($"Dropout: x, y and mask have {x.Length}, {y.Length} and {mask.Length} elements.");
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability has to be between 0 and 1.");
        if (!training || p == 0)
        {
            mask.Fill(1f);
            x.CopyTo(y);
            return;
        }

        double keep = 1 - p;
        float scale = (float)(1 / keep);
        for (int i = 0; i < x.Length; i++)
        {
            float m = generator.NextDouble() < keep ? scale : 0f;
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
