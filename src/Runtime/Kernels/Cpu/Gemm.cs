using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GraphGen.Kernels.Cpu.Simd;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Single-precision GEMM for the CPU backend (MatMul, Linear, generated code). BLIS-style: B is packed into
/// [KC x NC] blocks (L3), A into [MC x KC] blocks (L2), and a register-blocked SIMD micro-kernel computes
/// MR x NR tiles from L1-resident panels. Bias and activation are fused into the last k-block's write-back.
/// </summary>
public static unsafe partial class Gemm
{
    /// <summary>k-block depth: a 6x16 / 8x32 micro-panel pair (~16-40 KB) stays in L1 over the k loop.</summary>
    private const int KC = 256;

    /// <summary>Columns per packed B block; a multiple of every NR. 256 x 2048 floats = 2 MB per thread (L3).</summary>
    private const int NC = 2048;

    /// <summary>
    /// Up to this m*n*k the packed path's fixed cost (~0.1-0.2 us: packing, zero-padded edge tiles) exceeds the math;
    /// use the unpacked direct loop. Measured crossover ~500-1000 (8x8x8 and 32x5x2 win direct, 16x16x16 packed).
    /// Internal and settable only so the benchmark can compare both paths.
    /// </summary>
    internal static long DirectWorkLimit = 1024;

    [ThreadStatic] private static float[]? t_packA;
    [ThreadStatic] private static float[]? t_packB;

    /// <summary>
    /// C[m,n] = activation(beta*C + op(A) @ op(B) + bias), where op(A) is A [m,k] (row-major, leading dim lda) or,
    /// if <paramref name="transA"/>, A is stored [k,m] and used transposed; likewise B is [k,n] or, if
    /// <paramref name="transB"/>, stored [n,k]. bias[n] (optional) is broadcast over rows.
    /// </summary>
    /// <param name="transA">A is stored [k,m] and used transposed.</param>
    /// <param name="transB">B is stored [n,k] and used transposed.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="a">A as stored; must not overlap <paramref name="c"/>.</param>
    /// <param name="lda">Leading dimension (row stride) of A as stored.</param>
    /// <param name="b">B as stored; must not overlap <paramref name="c"/>.</param>
    /// <param name="ldb">Leading dimension (row stride) of B as stored.</param>
    /// <param name="c">Output [m,n] with row stride <paramref name="ldc"/>; only the m x n elements are written.</param>
    /// <param name="ldc">Leading dimension (row stride) of C.</param>
    /// <param name="beta">0 (overwrite C; its old contents, even NaN, are ignored) or 1 (accumulate into C).</param>
    /// <param name="bias">Empty, or n values added to every row.</param>
    /// <param name="activation">Applied element-wise last.</param>
    /// <exception cref="ArgumentException">A size is negative, a span is too short for its m/n/k and leading
    /// dimension, a leading dimension is smaller than the stored row length, bias length is not n, or beta is not 0 or 1.</exception>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, float beta = 0f,
        ReadOnlySpan<float> bias = default, Activation activation = Activation.None)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc, beta, bias.Length, activation);
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
        {
            var job = new GemmJob(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, beta != 0f, bias.IsEmpty ? null : pbias, activation);
            if (k == 0)
            {
                BiasOnly(job);
                return;
            }

            if ((long)m * n * k <= DirectWorkLimit)
            {
                Direct(job);
                return;
            }

            // The fused elementwise loops' width switch (tests and benchmarks force a path per thread with it).
            switch (SimdDispatch.Width)
            {
                case SimdWidth.V512: Run<V512Ops, Vector512<float>>(job); break;
                case SimdWidth.V256: Run<V256Ops, Vector256<float>>(job); break;
                case SimdWidth.V128: Run<V128Ops, Vector128<float>>(job); break;
                default: Run<ScalarOps, float>(job); break;
            }
        }
    }

    private static void Validate(bool transA, bool transB, int m, int n, int k, int aLen, int lda, int bLen, int ldb,
        int cLen, int ldc, float beta, int biasLen, Activation activation)
    {
        if (m < 0) throw new ArgumentException($"m must be >= 0 but was {m}.", nameof(m));
        if (n < 0) throw new ArgumentException($"n must be >= 0 but was {n}.", nameof(n));
        if (k < 0) throw new ArgumentException($"k must be >= 0 but was {k}.", nameof(k));
        CheckMatrix("A", "a", nameof(lda), transA ? k : m, transA ? m : k, transA ? "[k,m]" : "[m,k]", aLen, lda);
        CheckMatrix("B", "b", nameof(ldb), transB ? n : k, transB ? k : n, transB ? "[n,k]" : "[k,n]", bLen, ldb);
        CheckMatrix("C", "c", nameof(ldc), m, n, "[m,n]", cLen, ldc);
        if (biasLen != 0 && biasLen != n)
            throw new ArgumentException($"bias length must be n ({n}) or empty but was {biasLen}.", "bias");
        if (beta != 0f && beta != 1f)
            throw new ArgumentException($"beta must be 0 or 1 but was {beta}.", nameof(beta));
        if ((uint)activation > (uint)Activation.Tanh)
            throw new ArgumentException($"activation must be a defined Activation value but was {(int)activation}.", nameof(activation));
    }

    private static void CheckMatrix(string name, string param, string ldName, int rows, int cols, string shape, int length, int ld)
    {
        if (ld < cols)
            throw new ArgumentException($"{ldName} must be >= {cols} (the row length of {name} stored {shape}) but was {ld}.", ldName);
        long need = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < need)
            throw new ArgumentException(
                $"{param} is too short: {name} stored {shape} = [{rows},{cols}] with {ldName}={ld} needs at least {need} elements but has {length}.", param);
    }

    /// <summary>k == 0: op(A) @ op(B) is all zeros, so C = activation(beta*C + bias).</summary>
    private static void BiasOnly(in GemmJob job)
    {
        for (int i = 0; i < job.M; i++)
        {
            float* row = job.C + (nint)i * job.Ldc;
            for (int j = 0; j < job.N; j++)
            {
                float v = (job.Accumulate ? row[j] : 0f) + (job.Bias == null ? 0f : job.Bias[j]);
                row[j] = ScalarActivate(v, job.Activation);
            }
        }
    }

    private static float ScalarActivate(float v, Activation act) => act switch
    {
        Activation.Relu => ScalarOps.Relu(v),
        Activation.Sigmoid => ScalarOps.Sigmoid(v),
        Activation.Tanh => ScalarOps.Tanh(v),
        _ => v,
    };

    /// <summary>
    /// Unpacked loop for tiny problems (e.g. 32x5x2) where packing and tiling cost more than the math.
    /// Four output columns at a time so four independent FMA chains hide the FMA latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Direct(in GemmJob job)
    {
        nint sa = job.TransA ? 1 : job.Lda, ka = job.TransA ? job.Lda : 1;   // A(i,p) = A[i*sa + p*ka]
        nint sb = job.TransB ? job.Ldb : 1, kb = job.TransB ? 1 : job.Ldb;   // B(p,j) = B[j*sb + p*kb]
        int n = job.N, k = job.K;
        for (int i = 0; i < job.M; i++)
        {
            float* arow = job.A + i * sa;
            float* crow = job.C + (nint)i * job.Ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                float* bcol = job.B + j * sb;
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                for (int p = 0; p < k; p++)
                {
                    float av = arow[p * ka];
                    float* bp = bcol + p * kb;
                    s0 = MathF.FusedMultiplyAdd(av, bp[0], s0);
                    s1 = MathF.FusedMultiplyAdd(av, bp[sb], s1);
                    s2 = MathF.FusedMultiplyAdd(av, bp[2 * sb], s2);
                    s3 = MathF.FusedMultiplyAdd(av, bp[3 * sb], s3);
                }

                DirectStore(job, crow, j, s0);
                DirectStore(job, crow, j + 1, s1);
                DirectStore(job, crow, j + 2, s2);
                DirectStore(job, crow, j + 3, s3);
            }

            for (; j < n; j++)
            {
                float* bcol = job.B + j * sb;
                float s0 = 0f;
                for (int p = 0; p < k; p++)
                    s0 = MathF.FusedMultiplyAdd(arow[p * ka], bcol[p * kb], s0);
                DirectStore(job, crow, j, s0);
            }

            if (job.Activation != Activation.None)
            {
                for (j = 0; j < n; j++)
                    crow[j] = ScalarActivate(crow[j], job.Activation);
            }
        }
    }

    /// <summary>beta*C + sum + bias, branch-light and call-free: a call while the FMA chains are live makes the JIT
    /// spill them to the stack inside the k loop. The activation runs per row afterwards.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DirectStore(in GemmJob job, float* crow, int j, float sum)
        => crow[j] = (job.Accumulate ? crow[j] + sum : sum) + (job.Bias == null ? 0f : job.Bias[j]);

    /// <summary>
    /// The blocked, packed algorithm on one worker's slice (loop order jc, pc, ic, jr, ir as in BLIS). Packs its own A and B
    /// blocks, except a side given already packed for every worker (<paramref name="sharedA"/>: all of op(A) in
    /// <see cref="SharedAOffset"/>'s layout; <paramref name="sharedB"/>: all of op(B) in <see cref="SharedBOffset"/>'s).
    /// <paramref name="packRows"/> / <paramref name="packColumns"/>: the largest slice any worker of the call gets, so that
    /// the thread's packing buffers are sized for whichever share it runs (the caller may run a helper's) and a steady
    /// loop of calls never grows them again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit] // the stackalloc'd edge tile is always written before it is read
    private static void RunBlocked<TOps, TVec>(in GemmJob job, float* sharedA = null, float* sharedB = null, int packRows = 0, int packColumns = 0)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        int nr = 2 * TOps.Width, mr = GemmMicroKernel.Rows(TOps.Width);
        int mcBlock = mr * (mr == 8 ? 16 : 24); // 128 / 144 rows x KC floats = 128-144 KB: half of L2
        int m = job.M, n = job.N, k = job.K;
        int kcMax = KBlock(k);
        float* packA = sharedA != null ? null : Rent(ref t_packA, Math.Min(mcBlock, RoundUp(Math.Max(m, packRows), mr)) * kcMax);
        float* packB = sharedB != null ? null : Rent(ref t_packB, Math.Min(NC, RoundUp(Math.Max(n, packColumns), nr)) * kcMax);
        float* tile = stackalloc float[8 * 64];
        float* tileBias = stackalloc float[64];
        bool fastTranspose = TOps.Width >= 8; // the 128-bit/scalar paths keep the portable gather (and get it tested)

        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                bool accumulate = pc > 0 || job.Accumulate, last = pc + kc == k;
                if (sharedB != null)
                {
                    packB = sharedB + SharedBOffset(jc, pc, nc, k, nr);
                }
                else
                {
                    float* bBlock = job.TransB ? job.B + (nint)jc * job.Ldb + pc : job.B + (nint)pc * job.Ldb + jc;
                    GemmPacking.Pack(bBlock, job.Ldb, !job.TransB, nc, kc, nr, packB, fastTranspose);
                }

                for (int ic = 0; ic < m; ic += mcBlock)
                {
                    int mc = Math.Min(mcBlock, m - ic);
                    if (sharedA != null)
                    {
                        packA = sharedA + SharedAOffset(pc, ic, kc, m, mr);
                    }
                    else
                    {
                        float* aBlock = job.TransA ? job.A + (nint)pc * job.Lda + ic : job.A + (nint)ic * job.Lda + pc;
                        GemmPacking.Pack(aBlock, job.Lda, job.TransA, mc, kc, mr, packA, fastTranspose);
                    }

                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int nValid = Math.Min(nr, nc - jr);
                        float* bPanel = packB + (nint)jr * kc;
                        float* bias = job.Bias == null ? null : job.Bias + jc + jr;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int mValid = Math.Min(mr, mc - ir);
                            float* aPanel = packA + (nint)ir * kc;
                            float* cTile = job.C + (nint)(ic + ir) * job.Ldc + jc + jr;
                            var ep = new GemmEpilogue(accumulate, last, bias, job.Activation);
                            if (mValid == mr && nValid == nr)
                            {
                                Kernel<TOps, TVec>(kc, aPanel, bPanel, cTile, job.Ldc, ep);
                            }
                            else if (mValid <= 4 && nValid == nr)
                            {
                                GemmMicroKernel.KernelUpTo4Rows<TOps, TVec>(kc, aPanel, mr, bPanel, cTile, job.Ldc, mValid, ep);
                            }
                            else
                            {
                                EdgeTile<TOps, TVec>(kc, aPanel, bPanel, cTile, job.Ldc, mValid, nValid, ep, tile, tileBias);
                            }
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel<TOps, TVec>(int kc, float* a, float* b, float* c, nint ldc, in GemmEpilogue ep)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        if (GemmMicroKernel.Rows(TOps.Width) == 8)
            GemmMicroKernel.Kernel8<TOps, TVec>(kc, a, b, c, ldc, ep);
        else
            GemmMicroKernel.Kernel6<TOps, TVec>(kc, a, b, c, ldc, ep);
    }

    /// <summary>Ragged tile: run the full kernel on a zero-padded scratch tile, then copy the valid part back.</summary>
    private static void EdgeTile<TOps, TVec>(int kc, float* a, float* b, float* c, nint ldc, int mValid, int nValid,
        GemmEpilogue ep, float* tile, float* tileBias)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        int nr = 2 * TOps.Width, mr = GemmMicroKernel.Rows(TOps.Width);
        if (ep.Accumulate)
        {
            new Span<float>(tile, mr * nr).Clear();
            for (int i = 0; i < mValid; i++)
                new ReadOnlySpan<float>(c + i * ldc, nValid).CopyTo(new Span<float>(tile + i * nr, nValid));
        }

        if (ep.Bias != null)
        {
            new Span<float>(tileBias, nr).Clear();
            new ReadOnlySpan<float>(ep.Bias, nValid).CopyTo(new Span<float>(tileBias, nValid));
            ep = ep with { Bias = tileBias };
        }

        Kernel<TOps, TVec>(kc, a, b, tile, nr, ep);
        for (int i = 0; i < mValid; i++)
            new ReadOnlySpan<float>(tile + i * nr, nValid).CopyTo(new Span<float>(c + i * ldc, nValid));
    }

    private static int RoundUp(int x, int to) => (x + to - 1) / to * to;

    /// <summary>
    /// k-block depth: equal blocks of at most KC (784 = 4 x 196, not 3 x 256 + 16): a thin last block would pay a whole
    /// pass of C loads/stores and micro-kernel calls for a few FMAs per element.
    /// </summary>
    private static int KBlock(int k) => (k + (k + KC - 1) / KC - 1) / ((k + KC - 1) / KC);

    /// <summary>Per-thread pinned packing buffer, grown on demand and reused (no allocation in steady state), 64-byte aligned.</summary>
    private static float* Rent(ref float[]? buffer, int floats)
    {
        // +32: up to 15 floats lost to alignment.
        if (buffer is null || buffer.Length < floats + 32)
            buffer = GC.AllocateUninitializedArray<float>(floats + 32, pinned: true);
        nint p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (float*)((p + 63) & ~(nint)63);
    }
}

/// <summary>One GEMM call (or one worker's slice of it) with pinned operands.</summary>
internal readonly unsafe struct GemmJob(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb,
    float* c, int ldc, bool accumulate, float* bias, Activation activation)
{
    public bool TransA { get; } = transA;
    public bool TransB { get; } = transB;
    public int M { get; init; } = m;
    public int N { get; init; } = n;
    public int K { get; } = k;
    public float* A { get; init; } = a;
    public int Lda { get; } = lda;
    public float* B { get; init; } = b;
    public int Ldb { get; } = ldb;
    public float* C { get; init; } = c;
    public int Ldc { get; } = ldc;

    /// <summary>beta == 1: add to the existing C.</summary>
    public bool Accumulate { get; } = accumulate;
    public float* Bias { get; init; } = bias;
    public Activation Activation { get; } = activation;

    /// <summary>Rows [start, start+count) of C (splitM) or columns (otherwise); moves A/B/C/bias to match.</summary>
    public GemmJob Slice(bool splitM, int start, int count) => splitM
        ? this with { M = count, C = C + (nint)start * Ldc, A = TransA ? A + start : A + (nint)start * Lda }
        : this with { N = count, C = C + start, B = TransB ? B + (nint)start * Ldb : B + start, Bias = Bias == null ? null : Bias + start };
}
