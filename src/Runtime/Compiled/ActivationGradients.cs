using System.Runtime.Intrinsics;

namespace GraphGen.Compiled;

/// <summary>
/// Backward of the activations a GEMM epilogue applies, computed from the activation's output y (the
/// pre-activation value is never stored): dy becomes the pre-activation gradient, in place.
/// </summary>
public static class ActivationGradients
{
    /// <summary>dy = y &gt; 0 ? dy : 0 — branch-free (a mask), Vector512 where the CPU has it.</summary>
    public static void Relu(ReadOnlySpan<float> y, Span<float> dy)
    {
        Check(y, dy);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= y.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var mask = Vector512.GreaterThan(Vector512.Create(y.Slice(i)), Vector512<float>.Zero);
                Vector512.BitwiseAnd(Vector512.Create(dy.Slice(i)), mask).CopyTo(dy.Slice(i));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= y.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var mask = Vector256.GreaterThan(Vector256.Create(y.Slice(i)), Vector256<float>.Zero);
                Vector256.BitwiseAnd(Vector256.Create(dy.Slice(i)), mask).CopyTo(dy.Slice(i));
            }
        }

        for (; i < y.Length; i++) dy[i] = y[i] > 0f ? dy[i] : 0f;
    }

    /// <summary>dy = dy·y·(1 - y).</summary>
    public static void Sigmoid(ReadOnlySpan<float> y, Span<float> dy)
    {
        Check(y, dy);
        for (int i = 0; i < y.Length; i++) dy[i] *= y[i] * (1f - y[i]);
    }

    /// <summary>dy = dy·(1 - y²).</summary>
    public static void Tanh(ReadOnlySpan<float> y, Span<float> dy)
    {
        Check(y, dy);
        for (int i = 0; i < y.Length; i++) dy[i] *= 1f - y[i] * y[i];
    }

    private static void Check(ReadOnlySpan<float> y, Span<float> dy)
    {
        if (y.Length != dy.Length)
            throw new ArgumentException($"Activation gradient: the output has {y.Length} elements but its gradient has {dy.Length}.");
    }
}
