using System.ComponentModel;
using System.Runtime.CompilerServices;
using GraphGen.Compiled;
using GraphGen.Kernels.Cpu.Simd;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Linear's kernels for a layer whose in and out features are build-time constants of at most <see cref="MaxWidth"/>
/// (the SmallLinear family of the generator's kernel calls; the generator chooses it, see <c>Ops/LinearOp.cs</c>).
/// At these sizes a GEMM's packing, blocking and dispatch cost more than the math, so each kernel is one pass over
/// the rows with a row's outputs held in SIMD registers: the forward keeps Wᵀ and the bias on the stack and applies
/// the activation in registers; the backward computes the activation's gradient, dW, db and dx in the same pass.
/// The generated code passes the sizes as literals; there is no size dispatch, packing or tiling.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SmallLinearKernels
{
    /// <summary>The largest in or out features these kernels take (their stack buffers hold up to MaxWidth² floats).</summary>
    public const int MaxWidth = 64;

    /// <summary>y[rows, n] = act(x[rows, k] · Wᵀ + b), one row at a time with the row in registers.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int rows, int k, int n, Tensor weight, Tensor? bias, Activation activation)
    {
        var w = weight.AsSpan<float>();
        var b = bias is { } t ? t.AsSpan<float>() : default;
        CheckSizes("Forward", rows, k, n, w.Length, b.Length);
        CheckBuffer("x", x.Length, rows, k);
        CheckBuffer("y", y.Length, rows, n);
        switch (SimdDispatch.Width)
        {
            case SimdWidth.V512: Forward<Simd512>(x, y, rows, k, n, w, b, activation); break;
            case SimdWidth.V256: Forward<Simd256>(x, y, rows, k, n, w, b, activation); break;
            default: Forward<Simd128>(x, y, rows, k, n, w, b, activation); break;
        }
    }

    /// <summary>
    /// The whole backward in one pass over the rows: g = dy ⊙ act'(y) in registers, then dW (+)= gᵀ·x, db (+)= Σ rows
    /// of g and dx (+)= g·W (dx empty: not needed). dy is read only.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, int k, int n,
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
        if (!dw.IsEmpty && dw.Length != n * k) throw new ArgumentException($"SmallLinear Backward: the weight's gradient has {dw.Length} elements but [{n}, {k}] needs {n * k}.", nameof(weightGradient));
        if (!db.IsEmpty && db.Length != n) throw new ArgumentException($"SmallLinear Backward: the bias's gradient has {db.Length} elements but [{n}] needs {n}.", nameof(biasGradient));
        switch (SimdDispatch.Width)
        {
            case SimdWidth.V512: Backward<Simd512>(x, y, dy, dx, rows, k, n, w, dw, weightGradient.Beta, db, biasGradient.Beta, activation, accumulate); break;
            case SimdWidth.V256: Backward<Simd256>(x, y, dy, dx, rows, k, n, w, dw, weightGradient.Beta, db, biasGradient.Beta, activation, accumulate); break;
            default: Backward<Simd128>(x, y, dy, dx, rows, k, n, w, dw, weightGradient.Beta, db, biasGradient.Beta, activation, accumulate); break;
        }
    }

    /// <summary>
    /// Wᵀ [k, npad] and the bias [npad] on the stack, zero-padded to whole vectors. A row's vectors are stored whole:
    /// lanes past n land on the next row's start, which that row overwrites; the last rows go through a staging row.
    /// </summary>
    private static void Forward<V>(ReadOnlySpan<float> x, Span<float> y, int rows, int k, int n, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Activation activation)
        where V : struct, ISimdFloat<V>
    {
        int npad = Padded<V>(n);
        Span<float> wt = stackalloc float[k * npad];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < k; i++) wt[i * npad + j] = w[j * k + i];
        Span<float> bp = stackalloc float[npad];
        b.CopyTo(bp);
        Span<float> staging = stackalloc float[npad];
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * k, k);
            bool whole = r * n + npad <= y.Length;
            var destination = whole ? y.Slice(r * n) : staging;
            for (int c = 0; c < npad; c += V.Count)
            {
                V acc = V.Load(bp, c);
                for (int i = 0; i < k; i++) acc += (V)xr[i] * V.Load(wt, i * npad + c);
                V.Store(Activate(acc, activation), destination, c);
            }

            if (!whole) staging.Slice(0, n).CopyTo(y.Slice(r * n, n));
        }
    }

    private static void Backward<V>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, int k, int n,
        ReadOnlySpan<float> w, Span<float> dw, float dwBeta, Span<float> db, float dbBeta, Activation activation, bool accumulate)
        where V : struct, ISimdFloat<V>
    {
        int npad = Padded<V>(n), kpad = Padded<V>(k);
        bool wantDx = !dx.IsEmpty, wantDw = !dw.IsEmpty;
        Span<float> dwT = stackalloc float[wantDw ? k * npad : 0]; // Σ over rows of x[r, i]·g[r, :], transposed at the end
        Span<float> dbSum = stackalloc float[npad];
        Span<float> g = stackalloc float[npad];                     // this row's g, for dx
        Span<float> wp = stackalloc float[wantDx ? n * kpad : 0];    // W [n, kpad], zero-padded: dx's padding lanes get 0
        for (int j = 0; j < n && wantDx; j++) w.Slice(j * k, k).CopyTo(wp.Slice(j * kpad));
        Span<float> yRow = stackalloc float[npad], dyRow = stackalloc float[npad], dxRow = stackalloc float[kpad];
        for (int r = 0; r < rows; r++)
        {
            // Whole-vector loads may read the next row's values into lanes past n; those lanes only reach padding.
            bool whole = r * n + npad <= dy.Length;
            var ys = whole ? y.Slice(r * n) : Stage(y.Slice(r * n, n), yRow);
            var dys = whole ? dy.Slice(r * n) : Stage(dy.Slice(r * n, n), dyRow);
            var xr = x.Slice(r * k, k);
            for (int c = 0; c < npad; c += V.Count)
            {
                V gv = ActivationGradient(V.Load(dys, c), V.Load(ys, c), activation);
                V.Store(V.Load(dbSum, c) + gv, dbSum, c);
                for (int i = 0; i < dwT.Length / npad; i++) V.Store(V.Load(dwT, i * npad + c) + (V)xr[i] * gv, dwT, i * npad + c);
                V.Store(gv, g, c);
            }

            if (!wantDx) continue;
            bool wholeDx = r * k + kpad <= dx.Length;
            var destination = wholeDx ? dx.Slice(r * k) : dxRow;
            if (!wholeDx) { dxRow.Clear(); if (accumulate) dx.Slice(r * k, k).CopyTo(dxRow); }
            for (int c = 0; c < kpad; c += V.Count)
            {
                V acc = accumulate ? V.Load(destination, c) : (V)0f;
                for (int j = 0; j < n; j++) acc += (V)g[j] * V.Load(wp, j * kpad + c);
                V.Store(acc, destination, c);
            }

            if (!wholeDx) dxRow.Slice(0, k).CopyTo(dx.Slice(r * k, k));
        }

        if (wantDw)
            for (int j = 0; j < n; j++)
                for (int i = 0; i < k; i++) dw[j * k + i] = dwBeta * dw[j * k + i] + dwT[i * npad + j];
        if (!db.IsEmpty)
            for (int j = 0; j < n; j++) db[j] = dbBeta * db[j] + dbSum[j];
    }

    /// <summary>A partial row copied into a zero-padded staging row.</summary>
    private static ReadOnlySpan<float> Stage(ReadOnlySpan<float> row, Span<float> staging)
    {
        staging.Clear();
        row.CopyTo(staging);
        return staging;
    }

    private static int Padded<V>(int width) where V : struct, ISimdFloat<V> => (width + V.Count - 1) / V.Count * V.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Activate<V>(V v, Activation activation) where V : struct, ISimdFloat<V> => activation switch
    {
        Activation.Relu => V.Max(v, 0f),
        Activation.Sigmoid => 1f / (1f + V.Exp(-v)),
        Activation.Tanh => 1f - 2f / (V.Exp(v + v) + 1f),
        _ => v,
    };

    /// <summary>dy times the activation's derivative, from its output y (as <see cref="ActivationGradients"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V ActivationGradient<V>(V dy, V y, Activation activation) where V : struct, ISimdFloat<V> => activation switch
    {
        Activation.Relu => V.Select(V.GreaterThan(y, 0f), dy, 0f),
        Activation.Sigmoid => dy * (y * (1f - y)),
        Activation.Tanh => dy * (1f - y * y),
        _ => dy,
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
