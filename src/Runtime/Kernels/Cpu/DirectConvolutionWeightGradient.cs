using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using GraphGen.Kernels.Cpu.Simd;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// The weight gradient of the convolutions <see cref="DirectConvolution"/> handles, without im2col:
/// dW[o, c, kh, kw] = Σ over samples and output positions of dy[n, o, oh, ow] · x[n, c, oh + kh − PadTop, ow + kw − PadLeft].
/// Each work item is 4 output channels × 2 taps, 8 vector accumulators in registers over the whole batch, reduced
/// across lanes once at the end. The batch's inputs are copied zero-padded and its dy with rows rounded up to whole
/// vectors (zeros past the row's end), so the loop has no edge cases. Work items are split across workers; each
/// writes its own weights, so the result does not depend on the thread count.
/// </summary>
internal static unsafe class DirectConvolutionWeightGradient
{
    private const int ChannelBlock = DirectConvolution.ChannelBlock;

    /// <summary>dw (overwritten) = the weight gradient summed over the batch; <see cref="DirectConvolution.AppliesToWeightGradient"/> holds.</summary>
    public static void Compute(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, in Conv2dGeometry g, Span<float> dw)
    {
        var width = DirectConvolution.RowWidth(g.OutWidth);
        int lanes = DirectConvolution.Lanes(width), blocks = (g.OutChannels + ChannelBlock - 1) / ChannelBlock;
        int rowLength = (g.OutWidth + lanes - 1) / lanes * lanes;
        int ph = g.OutHeight + g.KernelHeight - 1, pw = rowLength + g.KernelWidth - 1;
        int taps = g.PatchLength, items = blocks * ((taps + 1) / 2);
        int paddedSample = g.InChannels * ph * pw, dySample = blocks * ChannelBlock * g.OutHeight * rowLength;
        float[] xPadded = ArrayPool<float>.Shared.Rent(g.Batch * paddedSample);
        float[] dyPadded = ArrayPool<float>.Shared.Rent(g.Batch * dySample);
        try
        {
            fixed (float* px = x, pdy = dy, pxp = xPadded, pdyp = dyPadded, pdw = dw)
            {
                for (int n = 0; n < g.Batch; n++)
                {
                    DirectConvolution.PadSample(px + (nint)n * g.InChannels * g.InPlane, g, pxp + (nint)n * paddedSample, ph, pw);
                    PadRows(pdy + (nint)n * g.OutChannels * g.OutPlane, g, pdyp + (nint)n * dySample, blocks * ChannelBlock, rowLength);
                }

                int workers = CpuParallel.WorkerCount(g.MultiplyAdds, CpuParallel.MinMultiplyAddsPerWorker, items);
                var operands = new Operands { G = g, X = pxp, Dy = pdyp, Dw = pdw, Width = width, PaddedHeight = ph, PaddedWidth = pw, RowLength = rowLength };
                CpuParallel.For(items, workers, operands, static (in Operands o, int first, int end) =>
                    Items(o.X, o.Dy, o.Dw, o.G, o.Width, o.PaddedHeight, o.PaddedWidth, o.RowLength, first, end));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(xPadded);
            ArrayPool<float>.Shared.Return(dyPadded);
        }
    }

    /// <summary>dy [O, OH, OW] → [channels, OH, rowLength] with zeros past each row's end and in the channels past O.</summary>
    private static void PadRows(float* dy, in Conv2dGeometry g, float* dst, int channels, int rowLength)
    {
        new Span<float>(dst, channels * g.OutHeight * rowLength).Clear();
        for (int o = 0; o < g.OutChannels; o++)
            for (int oh = 0; oh < g.OutHeight; oh++)
                new ReadOnlySpan<float>(dy + (nint)(o * g.OutHeight + oh) * g.OutWidth, g.OutWidth)
                    .CopyTo(new Span<float>(dst + (nint)(o * g.OutHeight + oh) * rowLength, g.OutWidth));
    }

    private static void Items(float* x, float* dy, float* dw, in Conv2dGeometry g, SimdWidth width, int ph, int pw, int rowLength, int first, int end)
    {
        switch (width)
        {
            case SimdWidth.V512: Items<V512Ops, Vector512<float>>(x, dy, dw, g, ph, pw, rowLength, first, end); break;
            case SimdWidth.V256: Items<V256Ops, Vector256<float>>(x, dy, dw, g, ph, pw, rowLength, first, end); break;
            case SimdWidth.V128: Items<V128Ops, Vector128<float>>(x, dy, dw, g, ph, pw, rowLength, first, end); break;
            default: Items<ScalarOps, float>(x, dy, dw, g, ph, pw, rowLength, first, end); break;
        }
    }

    /// <summary>Work items [first, end): item = block · tapPairs + pair. An odd last pair computes its tap twice and writes it once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void Items<TOps, TVec>(float* x, float* dy, float* dw, in Conv2dGeometry g, int ph, int pw, int rowLength, int first, int end)
        where TOps : struct, IVecOps<TVec>
        where TVec : struct
    {
        int taps = g.PatchLength, pairs = (taps + 1) / 2, kk = g.KernelHeight * g.KernelWidth;
        int blocks = (g.OutChannels + ChannelBlock - 1) / ChannelBlock;
        nint xSample = (nint)g.InChannels * ph * pw, dySample = (nint)blocks * ChannelBlock * g.OutHeight * rowLength;
        nint dyChannel = (nint)g.OutHeight * rowLength;
        float* lanes = stackalloc float[2 * ChannelBlock * TOps.Width];
        for (int item = first; item < end; item++)
        {
            int block = item / pairs, t0 = item % pairs * 2, t1 = Math.Min(t0 + 1, taps - 1);
            nint off0 = TapOffset(t0, kk, g.KernelWidth, ph, pw), off1 = TapOffset(t1, kk, g.KernelWidth, ph, pw);
            TVec a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
            for (int n = 0; n < g.Batch; n++)
            {
                float* xn = x + n * xSample;
                float* d = dy + n * dySample + block * ChannelBlock * dyChannel;
                for (int oh = 0; oh < g.OutHeight; oh++)
                {
                    float* xr = xn + (nint)oh * pw;
                    float* dr = d + (nint)oh * rowLength;
                    for (int j = 0; j < rowLength; j += TOps.Width)
                    {
                        TVec v0 = TOps.Load(xr + off0 + j), v1 = TOps.Load(xr + off1 + j);
                        TVec d0 = TOps.Load(dr + j);
                        a00 = TOps.MulAdd(d0, v0, a00); a01 = TOps.MulAdd(d0, v1, a01);
                        d0 = TOps.Load(dr + dyChannel + j);
                        a10 = TOps.MulAdd(d0, v0, a10); a11 = TOps.MulAdd(d0, v1, a11);
                        d0 = TOps.Load(dr + 2 * dyChannel + j);
                        a20 = TOps.MulAdd(d0, v0, a20); a21 = TOps.MulAdd(d0, v1, a21);
                        d0 = TOps.Load(dr + 3 * dyChannel + j);
                        a30 = TOps.MulAdd(d0, v0, a30); a31 = TOps.MulAdd(d0, v1, a31);
                    }
                }
            }

            // Stores only (no calls): a call after the loop would make the JIT keep the accumulators on the stack in it.
            int width = TOps.Width;
            TOps.Store(lanes, a00); TOps.Store(lanes + width, a10); TOps.Store(lanes + 2 * width, a20); TOps.Store(lanes + 3 * width, a30);
            TOps.Store(lanes + 4 * width, a01); TOps.Store(lanes + 5 * width, a11); TOps.Store(lanes + 6 * width, a21); TOps.Store(lanes + 7 * width, a31);
            for (int i = 0; i < ChannelBlock; i++)
            {
                int o = block * ChannelBlock + i;
                if (o >= g.OutChannels) break;
                dw[o * taps + t0] = LaneSum(lanes + i * width, width);
                dw[o * taps + t1] = LaneSum(lanes + (ChannelBlock + i) * width, width);
            }
        }
    }

    /// <summary>Where tap t = (c, kh, kw) reads in a padded sample, relative to the output position's row start.</summary>
    private static nint TapOffset(int t, int kk, int kw, int ph, int pw)
        => (nint)(t / kk) * ph * pw + (t % kk / kw) * pw + t % kw;

    private static float LaneSum(float* lanes, int width)
    {
        float s = 0f;
        for (int i = 0; i < width; i++) s += lanes[i];
        return s;
    }

    /// <summary>The region's pinned operands (a static lambda's state: no closure per call).</summary>
    private struct Operands
    {
        public Conv2dGeometry G;
        public float* X, Dy, Dw;
        public SimdWidth Width;
        public int PaddedHeight, PaddedWidth, RowLength;
    }
}
