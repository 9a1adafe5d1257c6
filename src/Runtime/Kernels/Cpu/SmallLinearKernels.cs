using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using GraphGen.Compiled;
using GraphGen.Kernels.Cpu.Simd;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Linear's kernels for a layer whose in and out features are build-time constants of at most <see cref="MaxWidth"/>
/// (the SmallLinear family of the generator's kernel calls; the generator chooses it, see <c>Ops/LinearOp.cs</c>).
/// At these sizes a GEMM's packing, blocking and dispatch cost more than the math, so each kernel is one pass over
/// the rows, four rows at a time, with the rows' outputs in SIMD registers: the forward keeps Wᵀ and the bias on the
/// stack and applies the activation in registers; the backward computes dW, db and dx in the same pass. The generated
/// code passes the sizes as literals.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class SmallLinearKernels
{
    /// <summary>The largest in or out features these kernels take (their stack buffers hold up to MaxWidth² floats).</summary>
    public const int MaxWidth = 64;

    /// <summary>y[rows, n] = act(x[rows, k] · Wᵀ + b).</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int rows, int k, int n, Tensor weight, Tensor? bias, Activation activation)
    {
        var w = weight.AsSpan<float>();
        var b = bias is { } t ? t.AsSpan<float>() : default;
        CheckSizes("Forward", rows, k, n, w.Length, b.Length);
        CheckBuffer("x", x.Length, rows, k);
        CheckBuffer("y", y.Length, rows, n);
        fixed (float* px = x, py = y, pw = w, pb = b)
        {
            switch (SimdDispatch.Width)
            {
                case SimdWidth.V512: Forward<V512Ops, Vector512<float>>(px, py, rows, k, n, pw, pb, activation); break;
                case SimdWidth.V256: Forward<V256Ops, Vector256<float>>(px, py, rows, k, n, pw, pb, activation); break;
                case SimdWidth.V128: Forward<V128Ops, Vector128<float>>(px, py, rows, k, n, pw, pb, activation); break;
                default: Forward<ScalarOps, float>(px, py, rows, k, n, pw, pb, activation); break;
            }
        }
    }

    /// <summary>
    /// The whole backward: dy becomes g = dy ⊙ act'(y) in place (as <see cref="LinearKernels.ActivationGradient"/>), then
    /// one pass over the rows gives dW (+)= gᵀ·x, db (+)= Σ rows of g and dx (+)= g·W (dx empty: not needed).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dy, Span<float> dx, int rows, int k, int n,
        Tensor weight, in GradientTarget weightGradient, in GradientTarget biasGradient, Activation activation, bool accumulate)
    {
        var w = weight.AsSpan<float>();
        CheckSizes("Backward", rows, k, n, w.Length, n);
        CheckBuffer("x", x.Length, rows, k);
        CheckBuffer("y", y.Length, rows, n);
        CheckBuffer("dy", dy.Length, rows, n);
        if (!dx.IsEmpty) CheckBuffer("dx", dx.Length, rows, k);
        var dw = weightGradient.Span;
        var db = biasGradient.Span;
        if (!dw.IsEmpty) CheckBuffer("the weight's gradient", dw.Length, n, k);
        if (!db.IsEmpty) CheckBuffer("the bias's gradient", db.Length, 1, n);
        LinearKernels.ActivationGradient(y, dy, activation);
        fixed (float* px = x, pg = dy, pdx = dx, pw = w, pdw = dw, pdb = db)
        {
            var target = new GradientSums(pdw, weightGradient.Beta, pdb, biasGradient.Beta);
            switch (SimdDispatch.Width)
            {
                case SimdWidth.V512: Backward<V512Ops, Vector512<float>>(px, pg, pdx, rows, k, n, pw, target, accumulate); break;
                case SimdWidth.V256: Backward<V256Ops, Vector256<float>>(px, pg, pdx, rows, k, n, pw, target, accumulate); break;
                case SimdWidth.V128: Backward<V128Ops, Vector128<float>>(px, pg, pdx, rows, k, n, pw, target, accumulate); break;
                default: Backward<ScalarOps, float>(px, pg, pdx, rows, k, n, pw, target, accumulate); break;
            }
        }
    }

    /// <summary>Where the backward writes dW and db (null: not wanted), and whether it adds (beta 1) or overwrites (beta 0).</summary>
    private readonly struct GradientSums(float* weight, float weightBeta, float* bias, float biasBeta)
    {
        public float* Weight { get; } = weight;
        public float WeightBeta { get; } = weightBeta;
        public float* Bias { get; } = bias;
        public float BiasBeta { get; } = biasBeta;
    }

    /// <summary>
    /// Wᵀ [k, npad] and the bias [npad] on the stack, zero-padded to whole vectors. Four rows at a time share each load
    /// of Wᵀ and give four independent accumulation chains. Vectors are stored whole: lanes past n land on the next
    /// row's first vector, so chunks are stored last to first and rows in order, and each row's first vector is
    /// written after the row before it spilled there; the last rows, whose spill would leave y, go through a staging row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // as the GEMM's loops: no slow tier-0 code on a run's first steps
    private static void Forward<TOps, TVec>(float* x, float* y, int rows, int k, int n, float* w, float* b, Activation activation)
        where TOps : struct, IVecOps<TVec> where TVec : struct
    {
        int lanes = TOps.Width, npad = Padded(n, lanes);
        float* wt = stackalloc float[k * npad];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < k; i++) wt[i * npad + j] = w[j * k + i];
        float* bp = stackalloc float[npad];
        for (int j = 0; b != null && j < n; j++) bp[j] = b[j];
        int r = 0;
        for (; r + 4 <= rows && (r + 3) * n + npad <= rows * n; r += 4)
        {
            float* x0 = x + r * k, x1 = x0 + k, x2 = x1 + k, x3 = x2 + k, y0 = y + r * n;
            for (int c = npad - lanes; c >= 0; c -= lanes)
            {
                TVec a0 = TOps.Load(bp + c), a1 = a0, a2 = a0, a3 = a0;
                float* wc = wt + c;
                for (int i = 0; i < k; i++, wc += npad)
                {
                    TVec wv = TOps.Load(wc);
                    a0 = TOps.MulAdd(TOps.Broadcast(x0[i]), wv, a0);
                    a1 = TOps.MulAdd(TOps.Broadcast(x1[i]), wv, a1);
                    a2 = TOps.MulAdd(TOps.Broadcast(x2[i]), wv, a2);
                    a3 = TOps.MulAdd(TOps.Broadcast(x3[i]), wv, a3);
                }

                TOps.Store(y0 + c, Activate<TOps, TVec>(a0, activation));
                TOps.Store(y0 + n + c, Activate<TOps, TVec>(a1, activation));
                TOps.Store(y0 + 2 * n + c, Activate<TOps, TVec>(a2, activation));
                TOps.Store(y0 + 3 * n + c, Activate<TOps, TVec>(a3, activation));
            }
        }

        float* staging = stackalloc float[npad];
        for (; r < rows; r++)
        {
            float* xr = x + r * k;
            bool whole = r * n + npad <= rows * n;
            float* destination = whole ? y + r * n : staging;
            for (int c = npad - lanes; c >= 0; c -= lanes)
            {
                TVec acc = TOps.Load(bp + c);
                for (int i = 0; i < k; i++) acc = TOps.MulAdd(TOps.Broadcast(xr[i]), TOps.Load(wt + i * npad + c), acc);
                TOps.Store(destination + c, Activate<TOps, TVec>(acc, activation));
            }

            for (int j = 0; !whole && j < n; j++) y[r * n + j] = staging[j];
        }
    }

    /// <summary>
    /// g (in dy) four rows at a time, then one: db and dWᵀ [k, npad] are summed on the stack (four rows' terms per store)
    /// and written to the targets at the end; dx = g·W over W [n, kpad], zero-padded, so a whole-vector store's lanes past
    /// k add nothing to the next row (stored in the forward's order, for the same reason). Whole-vector loads of g may
    /// read the next row into lanes past n; those lanes only reach padding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Backward<TOps, TVec>(float* x, float* g, float* dx, int rows, int k, int n, float* w, GradientSums target, bool accumulate)
        where TOps : struct, IVecOps<TVec> where TVec : struct
    {
        int lanes = TOps.Width, npad = Padded(n, lanes), kpad = Padded(k, lanes);
        int dwRows = target.Weight == null ? 0 : k;
        float* dwT = stackalloc float[dwRows * npad];
        float* dbSum = stackalloc float[npad];
        float* wp = stackalloc float[dx == null ? 0 : n * kpad];
        for (int j = 0; dx != null && j < n; j++)
            for (int i = 0; i < k; i++) wp[j * kpad + i] = w[j * k + i];
        TVec zero = TOps.Broadcast(0f);
        int r = 0;
        for (; r + 4 <= rows && (r + 3) * n + npad <= rows * n && (dx == null || (r + 3) * k + kpad <= rows * k); r += 4)
        {
            float* x0 = x + r * k, x1 = x0 + k, x2 = x1 + k, x3 = x2 + k;
            float* g0 = g + r * n, g1 = g0 + n, g2 = g1 + n, g3 = g2 + n;
            for (int c = 0; c < npad; c += lanes)
            {
                TVec v0 = TOps.Load(g0 + c), v1 = TOps.Load(g1 + c), v2 = TOps.Load(g2 + c), v3 = TOps.Load(g3 + c);
                TOps.Store(dbSum + c, TOps.Add(TOps.Load(dbSum + c), TOps.Add(TOps.Add(v0, v1), TOps.Add(v2, v3))));
                float* dwc = dwT + c;
                for (int i = 0; i < dwRows; i++, dwc += npad)
                    TOps.Store(dwc, TOps.MulAdd(TOps.Broadcast(x0[i]), v0, TOps.MulAdd(TOps.Broadcast(x1[i]), v1,
                        TOps.MulAdd(TOps.Broadcast(x2[i]), v2, TOps.MulAdd(TOps.Broadcast(x3[i]), v3, TOps.Load(dwc))))));
            }

            if (dx == null) continue;
            float* d0 = dx + r * k;
            for (int c = kpad - lanes; c >= 0; c -= lanes)
            {
                TVec a0 = accumulate ? TOps.Load(d0 + c) : zero, a1 = accumulate ? TOps.Load(d0 + k + c) : zero;
                TVec a2 = accumulate ? TOps.Load(d0 + 2 * k + c) : zero, a3 = accumulate ? TOps.Load(d0 + 3 * k + c) : zero;
                float* wc = wp + c;
                for (int j = 0; j < n; j++, wc += kpad)
                {
                    TVec wv = TOps.Load(wc);
                    a0 = TOps.MulAdd(TOps.Broadcast(g0[j]), wv, a0);
                    a1 = TOps.MulAdd(TOps.Broadcast(g1[j]), wv, a1);
                    a2 = TOps.MulAdd(TOps.Broadcast(g2[j]), wv, a2);
                    a3 = TOps.MulAdd(TOps.Broadcast(g3[j]), wv, a3);
                }

                TOps.Store(d0 + c, a0);
                TOps.Store(d0 + k + c, a1);
                TOps.Store(d0 + 2 * k + c, a2);
                TOps.Store(d0 + 3 * k + c, a3);
            }
        }

        float* gRow = stackalloc float[npad];
        float* dxRow = stackalloc float[kpad];
        for (; r < rows; r++)
        {
            float* xr = x + r * k, gr = g + r * n;
            if (r * n + npad > rows * n)
            {
                for (int j = 0; j < n; j++) gRow[j] = gr[j];
                gr = gRow;
            }

            for (int c = 0; c < npad; c += lanes)
            {
                TVec v = TOps.Load(gr + c);
                TOps.Store(dbSum + c, TOps.Add(TOps.Load(dbSum + c), v));
                for (int i = 0; i < dwRows; i++) TOps.Store(dwT + i * npad + c, TOps.MulAdd(TOps.Broadcast(xr[i]), v, TOps.Load(dwT + i * npad + c)));
            }

            if (dx == null) continue;
            bool whole = r * k + kpad <= rows * k;
            float* destination = whole ? dx + r * k : dxRow;
            for (int i = 0; !whole && i < k; i++) dxRow[i] = accumulate ? dx[r * k + i] : 0f;
            for (int c = kpad - lanes; c >= 0; c -= lanes)
            {
                TVec acc = accumulate || !whole ? TOps.Load(destination + c) : zero;
                for (int j = 0; j < n; j++) acc = TOps.MulAdd(TOps.Broadcast(gr[j]), TOps.Load(wp + j * kpad + c), acc);
                TOps.Store(destination + c, acc);
            }

            for (int i = 0; !whole && i < k; i++) dx[r * k + i] = dxRow[i];
        }

        // Beta 0 overwrites (the target's old values, even NaN, are ignored), beta 1 adds.
        for (int j = 0; j < n && dwRows > 0; j++)
            for (int i = 0; i < k; i++)
                target.Weight[j * k + i] = target.WeightBeta == 0f ? dwT[i * npad + j] : target.Weight[j * k + i] + dwT[i * npad + j];
        for (int j = 0; target.Bias != null && j < n; j++)
            target.Bias[j] = target.BiasBeta == 0f ? dbSum[j] : target.Bias[j] + dbSum[j];
    }

    private static int Padded(int width, int lanes) => (width + lanes - 1) / lanes * lanes;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Activate<TOps, TVec>(TVec v, Activation activation) where TOps : struct, IVecOps<TVec> where TVec : struct => activation switch
    {
        Activation.Relu => TOps.Relu(v),
        Activation.Sigmoid => TOps.Sigmoid(v),
        Activation.Tanh => TOps.Tanh(v),
        _ => v,
    };

    private static void CheckSizes(string kernel, int rows, int k, int n, int weightLength, int biasLength)
    {
        if (rows < 0) throw new ArgumentException($"SmallLinear {kernel}: rows must be >= 0 but was {rows}.", nameof(rows));
        if (k is < 1 or > MaxWidth) throw new ArgumentException($"SmallLinear {kernel}: in features must be 1..{MaxWidth} but was {k}.", nameof(k));
        if (n is < 1 or > MaxWidth) throw new ArgumentException($"SmallLinear {kernel}: out features must be 1..{MaxWidth} but was {n}.", nameof(n));
        if (weightLength != n * k) throw new ArgumentException($"SmallLinear {kernel}: the weight has {weightLength} elements but [{n}, {k}] needs {n * k}.", "weight");
        if (biasLength != 0 && biasLength != n) throw new ArgumentException($"SmallLinear {kernel}: the bias has {biasLength} elements but [{n}] needs {n}.", "bias");
    }

    private static void CheckBuffer(string name, int length, int rows, int width)
    {
        if (length != rows * width) throw new ArgumentException($"SmallLinear: {name} has {length} elements but [{rows}, {width}] needs {rows * width}.", name);
    }
}
