namespace GraphGen.Kernels.Cpu;

/// <summary>Single-precision GEMM. (Interim version; replaced by the register-blocked kernel.)</summary>
public static class Gemm
{
    public static void Sgemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, float beta = 0f,
        ReadOnlySpan<float> bias = default, Activation activation = Activation.None)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float s = 0;
                for (int p = 0; p < k; p++)
                    s += (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                s += (beta == 0 ? 0 : beta * c[i * ldc + j]) + (bias.IsEmpty ? 0 : bias[j]); // beta = 0: C is not read (BLAS), so stale NaNs do not survive
                c[i * ldc + j] = activation switch
                {
                    Activation.Relu => MathF.Max(s, 0),
                    Activation.Sigmoid => 1f / (1f + MathF.Exp(-s)),
                    Activation.Tanh => MathF.Tanh(s),
                    _ => s,
                };
            }
    }
}

public enum Activation { None, Relu, Sigmoid, Tanh }
