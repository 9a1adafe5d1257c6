using GraphGen.Kernels.Cpu;
using GraphGen.Kernels.Cpu.Simd;
using Xunit;

namespace GraphGen.Tests.Kernels.Cpu;

/// <summary>Sgemm against a naive double-precision reference, across transposes, sizes, epilogues and SIMD paths.</summary>
[Collection(CpuThreadsCollection.Name)]
public class GemmTests
{
    public static TheoryData<int, int, int> Sizes() => new()
    {
        { 1, 1, 1 }, { 3, 5, 7 }, { 8, 32, 1 }, { 32, 5, 2 }, { 33, 65, 17 }, { 6, 16, 256 }, { 7, 17, 257 },
        { 64, 128, 784 }, { 127, 129, 300 }, { 256, 256, 256 }, { 300, 40, 20 }, { 5, 2100, 9 }, { 1, 300, 40 }, { 200, 1, 33 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MatchesReference_AllTransposes(int m, int n, int k)
    {
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                Check(ta, tb, m, n, k);
                Check(ta, tb, m, n, k, pad: 3, bias: true, act: Activation.Relu);
                Check(ta, tb, m, n, k, pad: 1, beta: 1f, bias: true, act: Activation.Tanh);
                Check(ta, tb, m, n, k, beta: 1f, act: Activation.Sigmoid);
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(512)]
    public void EverySimdPath_MatchesReference(int isa)
    {
        SimdDispatch.Override = (SimdWidth)isa; // Scalar, V128, V256, V512 (emulated where the CPU lacks it)
        try
        {
            foreach (var (m, n, k) in new[] { (1, 1, 1), (3, 5, 7), (8, 32, 1), (33, 65, 17), (17, 70, 300), (150, 9, 20) })
            {
                foreach (bool ta in new[] { false, true })
                {
                    foreach (bool tb in new[] { false, true })
                    {
                        Check(ta, tb, m, n, k, pad: 2, bias: true, act: Activation.Relu);
                        Check(ta, tb, m, n, k, beta: 1f, act: Activation.Tanh);
                    }
                }
            }
        }
        finally
        {
            SimdDispatch.Override = null;
        }
    }

    /// <summary>
    /// The AVX-512 path (8x32 tiles; emulated where the CPU lacks it) on the MLP models' GEMMs — forward x·Wᵀ, dW = dyᵀ·x,
    /// dx = dy·W, and the N = 10 output layer — on 1 and on 2 threads (the worker team runs the caller's kernel width).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheAvx512Path_OnTheMlpShapes_MatchesReference(int threads)
    {
        int saved = CpuThreads.Count;
        CpuThreads.Count = threads;
        SimdDispatch.Override = SimdWidth.V512;
        try
        {
            Check(false, true, 64, 128, 784, bias: true, act: Activation.Relu); // 784-128-10's forward
            Check(true, false, 128, 784, 64);                                  // its weight gradient
            Check(false, true, 128, 10, 512, bias: true);                      // the output layer's forward
            Check(true, false, 10, 512, 128, beta: 1f);                        // its weight gradient, accumulated
            Check(false, false, 128, 512, 10);                                 // its input gradient
        }
        finally
        {
            SimdDispatch.Override = null;
            CpuThreads.Count = saved;
        }
    }

    [Fact]
    public void SingleThreaded_MatchesReference()
    {
        int saved = CpuThreads.Count;
        CpuThreads.Count = 1;
        try
        {
            Check(false, true, 130, 200, 300, bias: true, act: Activation.Relu);
            Check(true, false, 200, 130, 64, beta: 1f);
        }
        finally
        {
            CpuThreads.Count = saved;
        }
    }

    [Fact]
    public void ActivationsSaturateWithoutNaN()
    {
        // Large pre-activations exercise exp overflow/underflow in the vectorised sigmoid/tanh.
        Check(false, false, 9, 40, 3, scale: 60f, act: Activation.Sigmoid);
        Check(false, false, 9, 40, 3, scale: 60f, act: Activation.Tanh);
    }

    [Fact]
    public void ZeroK_GivesBetaCPlusBiasThenActivation()
    {
        float[] c = { 1f, -2f, 3f, -4f, 5f, -6f };
        float[] bias = { 0.5f, 1f, -10f };
        Gemm.Sgemm(false, false, 2, 3, 0, default, 0, default, 3, c, 3, 1f, bias, Activation.Relu);
        Assert.Equal(new[] { 1.5f, 0f, 0f, 0f, 6f, 0f }, c);
        Gemm.Sgemm(true, true, 2, 3, 0, default, 2, default, 0, c, 3, 0f, bias);
        Assert.Equal(new[] { 0.5f, 1f, -10f, 0.5f, 1f, -10f }, c);
    }

    [Fact]
    public void EmptyOutput_IsNoOp()
    {
        float[] c = { 7f };
        Gemm.Sgemm(false, false, 0, 1, 5, default, 5, new float[5], 1, default, 1);
        Gemm.Sgemm(false, false, 1, 0, 5, new float[5], 5, default, 0, c, 0);
        Assert.Equal(7f, c[0]);
    }

    [Fact]
    public void SteadyState_DoesNotAllocate()
    {
        int saved = CpuThreads.Count;
        CpuThreads.Count = 1; // Parallel.For allocates its own bookkeeping; the kernel itself must not.
        try
        {
            var a = new float[100 * 300];
            var b = new float[300 * 70];
            var c = new float[100 * 70];
            var bias = new float[70];
            for (int warm = 0; warm < 3; warm++)
            {
                Gemm.Sgemm(false, true, 100, 70, 300, a, 300, b, 300, c, 70, 0f, bias, Activation.Sigmoid);
                Gemm.Sgemm(true, false, 100, 70, 300, a, 100, b, 70, c, 70, 1f);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            Gemm.Sgemm(false, true, 100, 70, 300, a, 300, b, 300, c, 70, 0f, bias, Activation.Sigmoid);
            Gemm.Sgemm(true, false, 100, 70, 300, a, 100, b, 70, c, 70, 1f);
            Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        }
        finally
        {
            CpuThreads.Count = saved;
        }
    }

    [Fact]
    public void InvalidArguments_ThrowWithDescriptiveMessages()
    {
        float[] a = new float[12], b = new float[12], c = new float[12];
        AssertThrows("m must be >= 0 but was -1", () => Gemm.Sgemm(false, false, -1, 2, 2, a, 2, b, 2, c, 2));
        AssertThrows("n must be >= 0 but was -2", () => Gemm.Sgemm(false, false, 2, -2, 2, a, 2, b, 2, c, 2));
        AssertThrows("k must be >= 0 but was -3", () => Gemm.Sgemm(false, false, 2, 2, -3, a, 2, b, 2, c, 2));
        AssertThrows("lda must be >= 4 (the row length of A stored [m,k]) but was 3", () => Gemm.Sgemm(false, false, 2, 2, 4, a, 3, b, 2, c, 2));
        AssertThrows("lda must be >= 3 (the row length of A stored [k,m]) but was 2", () => Gemm.Sgemm(true, false, 3, 2, 2, a, 2, b, 2, c, 2));
        AssertThrows("ldb must be >= 2 (the row length of B stored [n,k]) but was 1", () => Gemm.Sgemm(false, true, 2, 2, 2, a, 2, b, 1, c, 2));
        AssertThrows("ldc must be >= 5 (the row length of C stored [m,n]) but was 4", () => Gemm.Sgemm(false, false, 2, 5, 1, a, 1, b, 5, c, 4));
        AssertThrows("a is too short: A stored [m,k] = [4,3] with lda=3 needs at least 12 elements but has 11",
            () => Gemm.Sgemm(false, false, 4, 2, 3, a.AsSpan(0, 11), 3, b, 2, c, 2));
        AssertThrows("b is too short: B stored [k,n] = [3,4] with ldb=4 needs at least 12 elements but has 10",
            () => Gemm.Sgemm(false, false, 2, 4, 3, a, 3, b.AsSpan(0, 10), 4, c, 4));
        AssertThrows("c is too short: C stored [m,n] = [3,3] with ldc=4 needs at least 11 elements but has 10",
            () => Gemm.Sgemm(false, false, 3, 3, 1, a, 1, b, 3, c.AsSpan(0, 10), 4));
        AssertThrows("bias length must be n (2) or empty but was 3", () => Gemm.Sgemm(false, false, 2, 2, 2, a, 2, b, 2, c, 2, 0f, new float[3]));
        AssertThrows("beta must be 0 or 1 but was 0.5", () => Gemm.Sgemm(false, false, 2, 2, 2, a, 2, b, 2, c, 2, 0.5f));
        AssertThrows("activation must be a defined Activation value but was 9",
            () => Gemm.Sgemm(false, false, 2, 2, 2, a, 2, b, 2, c, 2, 0f, default, (Activation)9));
    }

    private static void AssertThrows(string expectedMessageStart, Action call)
    {
        var ex = Assert.Throws<ArgumentException>(call);
        Assert.StartsWith(expectedMessageStart, ex.Message);
    }

    /// <summary>Runs one Sgemm on random data (NaN in the unused ld padding of A/B, so stray reads show) and compares.</summary>
    private static void Check(bool ta, bool tb, int m, int n, int k, int pad = 0, float beta = 0f, bool bias = false,
        Activation act = Activation.None, float scale = 1f)
    {
        var rng = new Random(m * 7919 + n * 131 + k * 7 + (ta ? 1 : 0) + (tb ? 2 : 0) + pad);
        int aRows = ta ? k : m, aCols = ta ? m : k, lda = aCols + pad;
        int bRows = tb ? n : k, bCols = tb ? k : n, ldb = bCols + pad;
        int ldc = n + pad;
        float[] a = Fill(rng, aRows, aCols, lda, scale, float.NaN);
        float[] b = Fill(rng, bRows, bCols, ldb, 1f, float.NaN);
        float[] c0 = Fill(rng, m, n, ldc, 1f, 12345f);
        if (beta == 0f)
        {
            for (int i = 0; i < m; i++) Array.Fill(c0, float.NaN, i * ldc, n); // beta = 0 must ignore (not scale) old C
        }

        float[]? bs = bias ? Fill(rng, 1, n, n, 1f, 0f) : null;
        float[] c = (float[])c0.Clone();
        Gemm.Sgemm(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, beta, bs, act);

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                float got = c[i * ldc + j];
                if (j >= n)
                {
                    Assert.Equal(12345f, got); // padding between rows of C is never written
                    continue;
                }

                double sum = 0, mag = 0;
                for (int p = 0; p < k; p++)
                {
                    double t = (double)(ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                    sum += t;
                    mag += Math.Abs(t);
                }

                double pre = sum + (beta == 1f ? c0[i * ldc + j] : 0) + (bs?[j] ?? 0f);
                mag += Math.Abs(pre - sum);
                double expected = act switch
                {
                    Activation.Relu => Math.Max(pre, 0),
                    Activation.Sigmoid => 1 / (1 + Math.Exp(-pre)),
                    Activation.Tanh => Math.Tanh(pre),
                    _ => pre,
                };
                double tol = 1e-6 * (k + 4) * mag + 1e-5;
                if (!(Math.Abs(got - expected) <= tol))
                {
                    Assert.Fail($"ta={ta} tb={tb} m={m} n={n} k={k} pad={pad} beta={beta} bias={bias} act={act}: " +
                        $"C[{i},{j}] = {got}, expected {expected} (tol {tol})");
                }
            }
        }
    }

    private static float[] Fill(Random rng, int rows, int cols, int ld, float scale, float padValue)
    {
        var x = new float[Math.Max(rows * ld, 1)];
        Array.Fill(x, padValue);
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                x[i * ld + j] = (float)(rng.NextDouble() * 2 - 1) * scale;
            }
        }

        return x;
    }
}
