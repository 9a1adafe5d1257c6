using System.ComponentModel;
using System.Runtime.Intrinsics;
using GraphGen.Kernels.Cpu.Simd;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Backward of the activations a GEMM epilogue applies, computed from the activation's output y (the
/// pre-activation value is never stored): dy becomes the pre-activation gradient, in place.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
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

    /// <summary>dy = dy·(y·(1 - y)): whole vectors at <see cref="SimdDispatch.Width"/>, then a scalar tail.</summary>
    public static void Sigmoid(ReadOnlySpan<float> y, Span<float> dy)
    {
        Check(y, dy);
        int i = SimdDispatch.Width switch
        {
            SimdWidth.V512 => SigmoidVectors<Simd512>(y, dy),
            SimdWidth.V256 => SigmoidVectors<Simd256>(y, dy),
            SimdWidth.V128 => SigmoidVectors<Simd128>(y, dy),
            _ => 0,
        };
        for (; i < y.Length; i++) dy[i] *= y[i] * (1f - y[i]);
    }

    /// <summary>dy = dy·(1 - y²): whole vectors at <see cref="SimdDispatch.Width"/>, then a scalar tail.</summary>
    public static void Tanh(ReadOnlySpan<float> y, Span<float> dy)
    {
        Check(y, dy);
        int i = SimdDispatch.Width switch
        {
            SimdWidth.V512 => TanhVectors<Simd512>(y, dy),
            SimdWidth.V256 => TanhVectors<Simd256>(y, dy),
            SimdWidth.V128 => TanhVectors<Simd128>(y, dy),
            _ => 0,
        };
        for (; i < y.Length; i++) dy[i] *= 1f - y[i] * y[i];
    }

    private static int SigmoidVectors<V>(ReadOnlySpan<float> y, Span<float> dy) where V : struct, ISimdFloat<V>
    {
        int i = 0;
        for (; i <= y.Length - V.Count; i += V.Count)
        {
            var v = V.Load(y, i);
            V.Store(V.Load(dy, i) * (v * (1f - v)), dy, i);
        }

        return i;
    }

    private static int TanhVectors<V>(ReadOnlySpan<float> y, Span<float> dy) where V : struct, ISimdFloat<V>
    {
        int i = 0;
        for (; i <= y.Length - V.Count; i += V.Count)
        {
            var v = V.Load(y, i);
            V.Store(V.Load(dy, i) * (1f - v * v), dy, i);
        }

        return i;
    }

    private static void Check(ReadOnlySpan<float> y, Span<float> dy)
    {
        if (y.Length != dy.Length)
            throw new ArgumentException($"Activation gradient: the output has {y.Length} elements but its gradient has {dy.Length}.");
    }
}
