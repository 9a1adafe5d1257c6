using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using GraphGen.Kernels.Cpu.Simd;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Direct SIMD convolution for small patches (few input channels · kernel taps, as a network's first layers have:
/// 1→6 5x5, 1→32 3x3), where im2col + GEMM is slow: a GEMM with k = 9..150 and m = 6..32 spends more time copying the
/// columns and packing them than multiplying. Forward: each tile is 4 output channels × 2 vectors of one output row,
/// its 8 accumulators in registers over every (channel, tap), the input read straight from a zero-padded copy of the
/// sample (so no edge tests), the weights broadcast from a copy packed 4 channels per tap, bias and activation applied
/// on the way out. Weight gradient: see <see cref="DirectConvolutionWeightGradient"/>.
/// </summary>
/// <remarks>
/// Stride 1, dilation 1, one group only, and an output row at least one vector wide (the row's last tile overlaps the
/// one before it rather than masking). <see cref="MaxPatchLength"/> was chosen by bench/StepProfile's <c>--cnn</c> table.
/// </remarks>
internal static unsafe class DirectConvolution
{
    /// <summary>Output channels per register tile (and per packed weight group).</summary>
    public const int ChannelBlock = 4;

    /// <summary>
    /// Largest InChannels·KH·KW whose forward pass is taken the direct way. Measured with bench/StepProfile --cnn (loaded
    /// 2-core AVX2 machine, CPU time, 1 thread): direct 2-2.4x faster than im2col + GEMM at 25 taps (1→6 5x5) and 150
    /// (6→16 5x5), 1.4x at 9 (1→32 3x3), but 0-5% slower at 288 (32→64 3x3), where the GEMM's 6x16 register tile beats
    /// this 4x2-vector one. Settable only so that the benchmark (through reflection) can time both paths on the same shapes.
    /// </summary>
    internal static int MaxPatchLength = 160;

    /// <summary>
    /// Largest InChannels·KH·KW whose weight gradient is taken the direct way: it streams the whole batch once per
    /// 4 channels × 2 taps, which beats im2col + GEMM at 25 taps (1→6 5x5: ~25% faster) but loses by 2x at 288.
    /// </summary>
    public const int MaxWeightGradientPatchLength = 32;

    /// <summary>
    /// The convolutions whose forward pass the direct kernel handles (float only): output rows at least 4 wide, so that
    /// a vector fits (whatever width is forced, so that tests choose the same path on every width).
    /// </summary>
    public static bool Applies(in Conv2dGeometry g)
        => g.Groups == 1 && g.StrideHeight == 1 && g.StrideWidth == 1 && g.DilationHeight == 1 && g.DilationWidth == 1
            && g.PatchLength <= MaxPatchLength && g.Batch > 0 && g.OutHeight > 0
            && g.OutWidth >= Lanes(SimdWidth.V128);

    /// <summary>The width to run at: the dispatch width, narrowed until one vector fits in an output row.</summary>
    public static SimdWidth RowWidth(int outWidth)
    {
        var width = SimdDispatch.Width;
        while (width != SimdWidth.Scalar && Lanes(width) > outWidth)
            width = width == SimdWidth.V512 ? SimdWidth.V256 : width == SimdWidth.V256 ? SimdWidth.V128 : SimdWidth.Scalar;
        return width;
    }

    /// <summary>The convolutions whose weight gradient <see cref="DirectConvolutionWeightGradient"/> handles.</summary>
    public static bool AppliesToWeightGradient(in Conv2dGeometry g) => Applies(g) && g.PatchLength <= MaxWeightGradientPatchLength;

    public static int Lanes(SimdWidth width) => width == SimdWidth.Scalar ? 1 : (int)width / 32;

    /// <summary>y = activation(conv(x, weight) + bias) for the whole batch, split over samples across workers.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, in Conv2dGeometry g,
        Span<float> y, Activation activation)
    {
        var width = RowWidth(g.OutWidth);
        int blocks = (g.OutChannels + ChannelBlock - 1) / ChannelBlock;
        float[] packed = ArrayPool<float>.Shared.Rent(blocks * ChannelBlock * g.PatchLength + ChannelBlock * blocks);
        try
        {
            PackWeights(weight, bias, g, packed);
            int workers = CpuParallel.WorkerCount(g.MultiplyAdds, CpuParallel.MinMultiplyAddsPerWorker, g.Batch);
            fixed (float* px = x, pw = packed, py = y)
            {
                var operands = new ForwardOperands { G = g, X = px, Packed = pw, Y = py, Activation = activation, Width = width };
                CpuParallel.For(g.Batch, workers, operands, static (in ForwardOperands o, int first, int end) =>
                    ForwardSamples(o.X, o.Packed, o.G, o.Y, o.Activation, o.Width, first, end));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packed);
        }
    }

    /// <summary>The forward region's pinned operands (a static lambda's state: no closure per call).</summary>
    private struct ForwardOperands
    {
        public Conv2dGeometry G;
        public float* X, Packed, Y;
        public Activation Activation;
        public SimdWidth Width;
    }

    /// <summary>
    /// packed[(block·PatchLength + r)·4 + i] = weight[block·4 + i, r] (0 past the last channel), then the bias per
    /// channel (0 when there is none) in the last blocks·4 floats.
    /// </summary>
    private static void PackWeights(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, in Conv2dGeometry g, Span<float> packed)
    {
        int k = g.PatchLength, blocks = (g.OutChannels + ChannelBlock - 1) / ChannelBlock;
        for (int o = 0; o < blocks * ChannelBlock; o++)
        {
            int block = o / ChannelBlock, lane = o % ChannelBlock;
            for (int r = 0; r < k; r++)
                packed[(block * k + r) * ChannelBlock + lane] = o < g.OutChannels ? weight[o * k + r] : 0f;
            packed[blocks * ChannelBlock * k + o] = o < g.OutChannels && !bias.IsEmpty ? bias[o] : 0f;
        }
    }

    private static void ForwardSamples(float* x, float* packed, in Conv2dGeometry g, float* y, Activation activation,
        SimdWidth width, int first, int end)
    {
        int ph = g.OutHeight + g.KernelHeight - 1, pw = g.OutWidth + g.KernelWidth - 1;
        float[] padded = ArrayPool<float>.Shared.Rent(g.InChannels * ph * pw);
        try
        {
            fixed (float* xp = padded)
                for (int n = first; n < end; n++)
                {
                    PadSample(x + (nint)n * g.InChannels * g.InPlane, g, xp, ph, pw);
                    float* yn = y + (nint)n * g.OutChannels * g.OutPlane;
                    switch (width)
                    {
                        case SimdWidth.V512: Sample<V512Ops, Vector512<float>>(xp, ph, pw, packed, g, yn, activation); break;
                        case SimdWidth.V256: Sample<V256Ops, Vector256<float>>(xp, ph, pw, packed, g, yn, activation); break;
                        case SimdWidth.V128: Sample<V128Ops, Vector128<float>>(xp, ph, pw, packed, g, yn, activation); break;
                        default: Sample<ScalarOps, float>(xp, ph, pw, packed, g, yn, activation); break;
                    }
                }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(padded);
        }
    }

    /// <summary>
    /// Copies one sample [C, H, W] into a zero-filled [C, ph, pw] with PadTop rows and PadLeft columns of zeros before it;
    /// input rows or columns the output never reads (past ph/pw) are left out.
    /// </summary>
    public static void PadSample(float* x, in Conv2dGeometry g, float* xp, int ph, int pw)
    {
        new Span<float>(xp, g.InChannels * ph * pw).Clear();
        int rows = Math.Min(g.InHeight, ph - g.PadTop), cols = Math.Min(g.InWidth, pw - g.PadLeft);
        for (int c = 0; c < g.InChannels; c++)
            for (int ih = 0; ih < rows; ih++)
                new ReadOnlySpan<float>(x + (nint)c * g.InPlane + ih * g.InWidth, cols)
                    .CopyTo(new Span<float>(xp + ((nint)c * ph + ih + g.PadTop) * pw + g.PadLeft, cols));
    }

    /// <summary>
    /// One sample: for each block of 4 output channels and each output row, tiles of two vectors (at j and j + lanes);
    /// the row's last tile is moved left to end at the row's end, overlapping the previous one (its outputs are written,
    /// not accumulated, so computing some twice is harmless). ReLU is applied in the tile, sigmoid and tanh in a pass over
    /// the sample's output while it is in cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sample<TOps, TVec>(float* xp, int ph, int pw, float* packed, in Conv2dGeometry g, float* y, Activation activation)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        int lanes = TOps.Width, ow = g.OutWidth, plane = g.OutPlane, k = g.PatchLength;
        int blocks = (g.OutChannels + ChannelBlock - 1) / ChannelBlock;
        float* biases = packed + (nint)blocks * ChannelBlock * k;
        for (int block = 0; block < blocks; block++)
        {
            int rows = Math.Min(ChannelBlock, g.OutChannels - block * ChannelBlock);
            float* w = packed + (nint)block * k * ChannelBlock;
            float* yb = y + (nint)block * ChannelBlock * plane;
            for (int oh = 0; oh < g.OutHeight; oh++)
                for (int j = 0; j < ow; j += 2 * lanes)
                {
                    int j0 = Math.Min(j, Math.Max(0, ow - 2 * lanes)), j1 = Math.Min(j0 + lanes, ow - lanes);
                    Tile<TOps, TVec>(xp + (nint)oh * pw, ph * pw, pw, g.InChannels, g.KernelHeight, g.KernelWidth, w, j0, j1,
                        yb + oh * ow, plane, rows, biases + block * ChannelBlock, activation == Activation.Relu);
                }
        }
        if (activation is Activation.Sigmoid or Activation.Tanh)
            ConvKernels.Apply(activation, new Span<float>(y, g.OutChannels * plane));
    }

    /// <summary>4 channels × vectors at columns j0 and j1 of one output row, summed over every channel and tap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile<TOps, TVec>(float* xRow, int padPlane, int pw, int channels, int kh, int kw, float* w, int j0, int j1,
        float* yRow, int plane, int rows, float* bias, bool relu)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        TVec a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
        for (int c = 0; c < channels; c++)
            for (int r = 0; r < kh; r++)
            {
                float* x0 = xRow + (nint)c * padPlane + r * pw + j0, x1 = x0 + (j1 - j0);
                for (int t = 0; t < kw; t++, w += ChannelBlock)
                {
                    TVec v0 = TOps.Load(x0 + t), v1 = TOps.Load(x1 + t);
                    TVec b = TOps.Broadcast(w[0]);
                    a00 = TOps.MulAdd(v0, b, a00); a01 = TOps.MulAdd(v1, b, a01);
                    b = TOps.Broadcast(w[1]);
                    a10 = TOps.MulAdd(v0, b, a10); a11 = TOps.MulAdd(v1, b, a11);
                    b = TOps.Broadcast(w[2]);
                    a20 = TOps.MulAdd(v0, b, a20); a21 = TOps.MulAdd(v1, b, a21);
                    b = TOps.Broadcast(w[3]);
                    a30 = TOps.MulAdd(v0, b, a30); a31 = TOps.MulAdd(v1, b, a31);
                }
            }
        Store<TOps, TVec>(yRow, j0, j1, a00, a01, bias[0], relu);
        if (rows > 1) Store<TOps, TVec>(yRow + plane, j0, j1, a10, a11, bias[1], relu);
        if (rows > 2) Store<TOps, TVec>(yRow + 2 * plane, j0, j1, a20, a21, bias[2], relu);
        if (rows > 3) Store<TOps, TVec>(yRow + 3 * plane, j0, j1, a30, a31, bias[3], relu);
    }

    /// <summary>bias + the two vectors, through ReLU when asked: intrinsics only, since a call here (sigmoid, tanh) would
    /// make the JIT keep the accumulators on the stack all through the tap loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TOps, TVec>(float* yRow, int j0, int j1, TVec v0, TVec v1, float bias, bool relu)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        TVec b = TOps.Broadcast(bias);
        v0 = TOps.Add(v0, b);
        v1 = TOps.Add(v1, b);
        if (relu)
        {
            v0 = TOps.Relu(v0);
            v1 = TOps.Relu(v1);
        }
        TOps.Store(yRow + j0, v0);
        TOps.Store(yRow + j1, v1);
    }
}
