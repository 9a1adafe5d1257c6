using System.Numerics;
using System.Runtime.InteropServices;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// C = op(A)·op(B) (or C += with <c>accumulate</c>) for the element types the layer kernels are written over:
/// float goes to the register-blocked <see cref="Gemm.Sgemm"/>; double (finite-difference checks, float64
/// models) takes a plain loop, since no fast double GEMM exists and correctness is what it is used for.
/// </summary>
internal static class TypedGemm
{
    public static void Multiply<T>(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            Gemm.Sgemm(transA, transB, m, n, k,
                MemoryMarshal.Cast<T, float>(a), lda, MemoryMarshal.Cast<T, float>(b), ldb,
                MemoryMarshal.Cast<T, float>(c), ldc, accumulate ? 1f : 0f);
            return;
        }
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (!accumulate) row.Clear();
            for (int p = 0; p < k; p++)
            {
                T av = transA ? a[p * lda + i] : a[i * lda + p];
                for (int j = 0; j < n; j++)
                    row[j] += av * (transB ? b[j * ldb + p] : b[p * ldb + j]);
            }
        }
    }
}
