using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// SIMD primitives the micro-kernel is written against. Implemented by structs so the JIT specialises
/// and inlines every call per vector width (one source for the 512/256/128-bit and scalar paths).
/// </summary>
internal unsafe interface IVecOps<TVec>
    where TVec : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Width { get; }

    static abstract TVec Load(float* p);

    static abstract void Store(float* p, TVec v);

    static abstract TVec Broadcast(float x);

    /// <summary>a * b + c, fused where the hardware has FMA.</summary>
    static abstract TVec MulAdd(TVec a, TVec b, TVec c);

    static abstract TVec Add(TVec a, TVec b);

    static abstract TVec Relu(TVec v);

    static abstract TVec Sigmoid(TVec v);

    static abstract TVec Tanh(TVec v);
}

internal unsafe struct V512Ops : IVecOps<Vector512<float>>
{
    public static int Width => Vector512<float>.Count;
    public static Vector512<float> Load(float* p) => Vector512.Load(p);
    public static void Store(float* p, Vector512<float> v) => v.Store(p);
    public static Vector512<float> Broadcast(float x) => Vector512.Create(x);
    public static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.MultiplyAddEstimate(a, b, c);
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    public static Vector512<float> Relu(Vector512<float> v) => Vector512.Max(v, Vector512<float>.Zero);
    public static Vector512<float> Sigmoid(Vector512<float> v) => Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-v));

    // tanh(x) = 1 - 2 / (exp(2x) + 1): saturates correctly to +-1 when exp overflows/underflows.
    public static Vector512<float> Tanh(Vector512<float> v) => Vector512<float>.One - Vector512.Create(2f) / (Vector512.Exp(v + v) + Vector512<float>.One);
}

internal unsafe struct V256Ops : IVecOps<Vector256<float>>
{
    public static int Width => Vector256<float>.Count;
    public static Vector256<float> Load(float* p) => Vector256.Load(p);
    public static void Store(float* p, Vector256<float> v) => v.Store(p);
    public static Vector256<float> Broadcast(float x) => Vector256.Create(x);
    public static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.MultiplyAddEstimate(a, b, c);
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    public static Vector256<float> Relu(Vector256<float> v) => Vector256.Max(v, Vector256<float>.Zero);
    public static Vector256<float> Sigmoid(Vector256<float> v) => Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-v));
    public static Vector256<float> Tanh(Vector256<float> v) => Vector256<float>.One - Vector256.Create(2f) / (Vector256.Exp(v + v) + Vector256<float>.One);
}

internal unsafe struct V128Ops : IVecOps<Vector128<float>>
{
    public static int Width => Vector128<float>.Count;
    public static Vector128<float> Load(float* p) => Vector128.Load(p);
    public static void Store(float* p, Vector128<float> v) => v.Store(p);
    public static Vector128<float> Broadcast(float x) => Vector128.Create(x);
    public static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    public static Vector128<float> Relu(Vector128<float> v) => Vector128.Max(v, Vector128<float>.Zero);
    public static Vector128<float> Sigmoid(Vector128<float> v) => Vector128<float>.One / (Vector128<float>.One + Vector128.Exp(-v));
    public static Vector128<float> Tanh(Vector128<float> v) => Vector128<float>.One - Vector128.Create(2f) / (Vector128.Exp(v + v) + Vector128<float>.One);
}

internal unsafe struct ScalarOps : IVecOps<float>
{
    public static int Width => 1;
    public static float Load(float* p) => *p;
    public static void Store(float* p, float v) => *p = v;
    public static float Broadcast(float x) => x;
    public static float MulAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);
    public static float Add(float a, float b) => a + b;
    public static float Relu(float v) => MathF.Max(v, 0f);
    public static float Sigmoid(float v) => 1f / (1f + MathF.Exp(-v));
    public static float Tanh(float v) => MathF.Tanh(v);
}

/// <summary>What to do when a micro-tile is written back to C.</summary>
/// <param name="accumulate">Add the tile to the existing C (beta = 1 or a later k-block) instead of overwriting it.</param>
/// <param name="last">This is the last k-block: add bias and apply the activation now (exactly once).</param>
/// <param name="bias">Bias for the tile's columns (2 vectors wide), or null.</param>
/// <param name="activation">Activation applied on the last k-block.</param>
internal readonly unsafe struct GemmEpilogue(bool accumulate, bool last, float* bias, Activation activation)
{
    public bool Accumulate { get; } = accumulate;
    public bool Last { get; } = last;
    public float* Bias { get; init; } = bias;
    public Activation Activation { get; } = activation;
}

/// <summary>
/// Register-blocked micro-kernels: C[MR, 2W] (op)= Apanel[kc, MR] * Bpanel[kc, 2W] from packed panels.
/// Accumulators stay in registers for the whole k loop; C is touched once per tile per k-block.
/// </summary>
internal static unsafe class GemmMicroKernel
{
    /// <summary>
    /// Row count of the tile for a vector width. AVX2/SSE: 6x2 vectors, 12 accumulators + 2 B vectors + a broadcast = 15
    /// of the 16 ymm/xmm registers. AVX-512: 8x2 vectors, 16 accumulators + 2 + 1 = 19 of the 32 zmm registers. The
    /// 32 registers would hold 12 or 14 rows (27-31 registers), but 8 is chosen for AVX-512: 16 independent FMA chains
    /// already cover the FMA latency × 2 ports (4-5 cycles × 2), each k step's 2 loads + 8 broadcasts fit 2 load ports
    /// in the 8 cycles of its 16 FMAs, the batch sizes MLPs train at (64, 128, 256) are whole numbers of 8-row panels (12
    /// or 14 leave a ragged last panel on every call), and the B micro-panel (KC × 32 floats = 32 KB) plus an A panel
    /// (8 KB) stay inside a 48 KB L1D (Zen 5), where a 12-row A panel would not.
    /// </summary>
    public static int Rows(int width) => width >= 16 ? 8 : 6;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel6<TOps, TVec>(int kc, float* a, float* b, float* c, nint ldc, in GemmEpilogue ep)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        int w = TOps.Width;
        PrefetchTile(c, ldc, 6, 2 * w);
        TVec c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        TVec c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TOps.Load(b), b1 = TOps.Load(b + w);
            TVec x = TOps.Broadcast(a[0]);
            c00 = TOps.MulAdd(x, b0, c00); c01 = TOps.MulAdd(x, b1, c01);
            x = TOps.Broadcast(a[1]);
            c10 = TOps.MulAdd(x, b0, c10); c11 = TOps.MulAdd(x, b1, c11);
            x = TOps.Broadcast(a[2]);
            c20 = TOps.MulAdd(x, b0, c20); c21 = TOps.MulAdd(x, b1, c21);
            x = TOps.Broadcast(a[3]);
            c30 = TOps.MulAdd(x, b0, c30); c31 = TOps.MulAdd(x, b1, c31);
            x = TOps.Broadcast(a[4]);
            c40 = TOps.MulAdd(x, b0, c40); c41 = TOps.MulAdd(x, b1, c41);
            x = TOps.Broadcast(a[5]);
            c50 = TOps.MulAdd(x, b0, c50); c51 = TOps.MulAdd(x, b1, c51);
            a += 6;
            b += 2 * w;
        }

        TVec bias0 = default, bias1 = default;
        if (ep.Bias != null)
        {
            bias0 = TOps.Load(ep.Bias);
            bias1 = TOps.Load(ep.Bias + w);
        }

        WriteRow<TOps, TVec>(c, c00, c01, bias0, bias1, ep); c += ldc;
        WriteRow<TOps, TVec>(c, c10, c11, bias0, bias1, ep); c += ldc;
        WriteRow<TOps, TVec>(c, c20, c21, bias0, bias1, ep); c += ldc;
        WriteRow<TOps, TVec>(c, c30, c31, bias0, bias1, ep); c += ldc;
        WriteRow<TOps, TVec>(c, c40, c41, bias0, bias1, ep); c += ldc;
        WriteRow<TOps, TVec>(c, c50, c51, bias0, bias1, ep);
        if (ep.Last && ep.Activation is (Activation.Sigmoid or Activation.Tanh))
        {
            ActivateTile<TOps, TVec>(c - 5 * ldc, ldc, 6, ep.Activation);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel8<TOps, TVec>(int kc, float* a, float* b, float* c, nint ldc, in GemmEpilogue ep)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        int w = TOps.Width;
        PrefetchTile(c, ldc, 8, 2 * w);
        TVec c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        TVec c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TOps.Load(b), b1 = TOps.Load(b + w);
            TVec x = TOps.Broadcast(a[0]);
            c00 = TOps.MulAdd(x, b0, c00); c01 = TOps.MulAdd(x, b1, c01);
            x = TOps.Broadcast(a[1]);
            c10 = TOps.MulAdd(x, b0, c10); c11 = TOps.MulAdd(x, b1, c11);
            x = TOps.Broadcast(a[2]);
            c20 = TOps.MulAdd(x, b0, c20); c21 = TOps.MulAdd(x, b1, c21);
            x = TOps.Broadcast(a[3]);
            c30 = TOps.MulAdd(x, b0, c30); c31 = TOps.MulAdd(x, b1, c31);
            x = TOps.Broadcast(a[4]);
            c40 = TOps.MulAdd(x, b0, c40); c41 = TOps.MulAdd(x, b1, c41);
            x = TOps.Broadcast(a[5]);
            c50 = TOps.MulAdd(x, b0, c50); c51 = TOps.MulAdd(x, b1, c51);
            x = TOps.Broadcast(a[6]);
            c60 = TOps.MulAdd(x, b0, c60); c61 = TOps.MulAdd(x, b1, c61);
            x = TOps.Broadcast(a[7]);
            c70 = TOps.MulAdd(x, b0, c70); c71 = TOps.MulAdd(x, b1, c71);
            a += 8;
            b += 2 * w;
        }

        TVec bias0 = default, bias1 = default;
        if (ep.Bias != null)
        {
            bias0 = TOps.Load(ep.Bias);
            bias1 = TOps.Load(ep.Bias + w);
        }

        WriteRow<TOps, TVec>(c, c00, c01, bias0, bias1, ep); c += ldc;
        WriteRow<TOps, TVec>(c, c10, c11, bias0, bias1, ep); c += ldc;
        WriteRow<TOps, TVec>(c, c20, c21, bias0, bias1, ep); c += ldc;
        WriteRow<TOps, TVec>(c, c30, c31, bias0, bias1, ep); c += ldc;
        WriteRow<TOps, TVec>(c, c40, c41, bias0, bias1, ep); c += ldc;
        WriteRow<TOps, TVec>(c, c50, c51, bias0, bias1, ep); c += ldc;
        WriteRow<TOps, TVec>(c, c60, c61, bias0, bias1, ep); c += ldc;
        WriteRow<TOps, TVec>(c, c70, c71, bias0, bias1, ep);
        if (ep.Last && ep.Activation is (Activation.Sigmoid or Activation.Tanh))
        {
            ActivateTile<TOps, TVec>(c - 7 * ldc, ldc, 8, ep.Activation);
        }
    }

    /// <summary>
    /// The last row panel of C when it has 1-4 valid rows (m = 64 leaves 4 after ten 6-row panels, m = 128 leaves 2):
    /// 4 rows x 2 vectors straight into C, instead of a full 6- or 8-row tile into scratch that is then copied back.
    /// The packed A panel keeps its full stride (<paramref name="mr"/> floats per k); only <paramref name="rows"/> rows are written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void KernelUpTo4Rows<TOps, TVec>(int kc, float* a, int mr, float* b, float* c, nint ldc, int rows, in GemmEpilogue ep)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        int w = TOps.Width;
        TVec c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TOps.Load(b), b1 = TOps.Load(b + w);
            TVec x = TOps.Broadcast(a[0]);
            c00 = TOps.MulAdd(x, b0, c00); c01 = TOps.MulAdd(x, b1, c01);
            x = TOps.Broadcast(a[1]);
            c10 = TOps.MulAdd(x, b0, c10); c11 = TOps.MulAdd(x, b1, c11);
            x = TOps.Broadcast(a[2]);
            c20 = TOps.MulAdd(x, b0, c20); c21 = TOps.MulAdd(x, b1, c21);
            x = TOps.Broadcast(a[3]);
            c30 = TOps.MulAdd(x, b0, c30); c31 = TOps.MulAdd(x, b1, c31);
            a += mr;
            b += 2 * w;
        }

        TVec bias0 = default, bias1 = default;
        if (ep.Bias != null)
        {
            bias0 = TOps.Load(ep.Bias);
            bias1 = TOps.Load(ep.Bias + w);
        }

        float* row = c;
        WriteRow<TOps, TVec>(row, c00, c01, bias0, bias1, ep);
        if (rows > 1) WriteRow<TOps, TVec>(row += ldc, c10, c11, bias0, bias1, ep);
        if (rows > 2) WriteRow<TOps, TVec>(row += ldc, c20, c21, bias0, bias1, ep);
        if (rows > 3) WriteRow<TOps, TVec>(row + ldc, c30, c31, bias0, bias1, ep);
        if (ep.Last && ep.Activation is (Activation.Sigmoid or Activation.Tanh))
        {
            ActivateTile<TOps, TVec>(c, ldc, rows, ep.Activation);
        }
    }

    /// <summary>
    /// Asks for the C tile's cache lines before the k loop, so that the write-back after it does not stall: on large
    /// problems C is far beyond L2 and each tile row (a different page for ldc ≥ 1024) would otherwise miss when the
    /// accumulators are added to it. The first and last float of each row cover both lines of an unaligned row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchTile(float* c, nint ldc, int rows, int columns)
    {
        if (!Sse.IsSupported) return;
        for (int i = 0; i < rows; i++, c += ldc)
        {
            Sse.Prefetch0(c);
            Sse.Prefetch0(c + columns - 1);
        }
    }

    /// <summary>Fused epilogue for one tile row: (+C) then, on the last k-block only, +bias and ReLU (sigmoid/tanh follow per tile).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRow<TOps, TVec>(float* c, TVec v0, TVec v1, TVec bias0, TVec bias1, in GemmEpilogue ep)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        int w = TOps.Width;
        if (ep.Accumulate)
        {
            v0 = TOps.Add(v0, TOps.Load(c));
            v1 = TOps.Add(v1, TOps.Load(c + w));
        }

        if (ep.Last)
        {
            v0 = Activate<TOps, TVec>(TOps.Add(v0, bias0), ep.Activation);
            v1 = Activate<TOps, TVec>(TOps.Add(v1, bias1), ep.Activation);
        }

        TOps.Store(c, v0);
        TOps.Store(c + w, v1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Activate<TOps, TVec>(TVec v, Activation act)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
        => act == Activation.Relu ? TOps.Relu(v) : v;

    /// <summary>
    /// Sigmoid/tanh over the tile just written (still in L1). Out of line, after every accumulator is stored:
    /// a call while accumulators are live makes the JIT spill them inside the k loop (all vector registers are
    /// caller-saved), and the vectorised exp is too large to inline 16 times.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ActivateTile<TOps, TVec>(float* c, nint ldc, int rows, Activation act)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        int w = TOps.Width;
        for (int i = 0; i < rows; i++, c += ldc)
        {
            for (int j = 0; j < 2 * w; j += w)
            {
                TVec v = TOps.Load(c + j);
                TOps.Store(c + j, act == Activation.Sigmoid ? TOps.Sigmoid(v) : TOps.Tanh(v));
            }
        }
    }
}
