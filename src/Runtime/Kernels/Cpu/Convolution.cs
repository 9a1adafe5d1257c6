using System.ComponentModel;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// 2-D (and, with height 1, 1-D) convolution over NCHW tensors as im2col + GEMM, for eager ops and generated code
/// alike: spans and a <see cref="Conv2dGeometry"/>, no tensors. Per sample and group, the input patches are laid out as
/// a [PatchLength, OutPlane] matrix (im2col) so that the forward pass is W[OutChannelsPerGroup, PatchLength] · columns
/// with the bias pre-loaded into the output (the GEMM accumulates onto it: the bias costs no extra pass), the input
/// gradient is Wᵀ · dY scattered back (col2im), and the weight gradient is dY · columnsᵀ summed over samples.
/// Pointwise (1x1, stride 1, unpadded) convolutions use the input as the matrix directly; float convolutions with small
/// patches run the forward pass (and, for the smallest, the weight gradient) without im2col (<see cref="DirectConvolution"/>).
/// </summary>
/// <remarks>
/// <c>columns</c> arguments are caller-owned workspace of at least <see cref="Conv2dGeometry.ColumnsLength"/>
/// elements, so generated code can plan it once; the kernels never allocate.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Convolution
{
    /// <summary>y = conv(x, weight) + bias. <paramref name="bias"/> is empty or OutChannels long.</summary>
    public static void Conv2dForward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias,
        in Conv2dGeometry g, Span<T> y, Span<T> columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(g, x.Length, weight.Length, y.Length, columns.Length);
        if (!bias.IsEmpty && bias.Length != g.OutChannels)
            throw new ArgumentException($"bias has {bias.Length} elements but the convolution has {g.OutChannels} output channels.", nameof(bias));
        if (typeof(T) == typeof(float) && DirectConvolution.Applies(g))
        {
            DirectConvolution.Forward(Floats(x), Floats(weight), Floats(bias), g, MemoryMarshal.Cast<T, float>(y), Activation.None);
            return;
        }
        int workers = BatchWorkers(g);
        if (workers <= 1)
            ForwardSamples(x, weight, bias, g, y, columns, 0, g.Batch);
        else
            ConvolutionWorkers.Forward(x, weight, bias, g, y, columns, workers);
    }

    /// <summary>dx = the gradient of the input (overwritten) from dy: per sample and group Wᵀ·dY, then col2im.</summary>
    public static void Conv2dBackwardInput<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, in Conv2dGeometry g,
        Span<T> dx, Span<T> columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(g, dx.Length, weight.Length, dy.Length, columns.Length);
        int workers = BatchWorkers(g);
        if (workers <= 1)
            BackwardInputSamples(dy, weight, g, dx, columns, 0, g.Batch);
        else
            ConvolutionWorkers.BackwardInput(dy, weight, g, dx, columns, workers);
    }

    /// <summary>
    /// dw = Σ over samples of dY·columnsᵀ per group (overwritten). On several workers each sums its own samples and the
    /// partial sums are added in worker order: the same result on every call, within rounding of the one-thread sum.
    /// </summary>
    public static void Conv2dBackwardWeight<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, in Conv2dGeometry g,
        Span<T> dw, Span<T> columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(g, x.Length, dw.Length, dy.Length, columns.Length);
        if (typeof(T) == typeof(float) && DirectConvolution.AppliesToWeightGradient(g))
        {
            DirectConvolutionWeightGradient.Compute(Floats(x), Floats(dy), g, MemoryMarshal.Cast<T, float>(dw));
            return;
        }
        int workers = BatchWorkers(g);
        if (workers <= 1)
            BackwardWeightSamples(x, dy, g, dw, columns, 0, g.Batch);
        else
            ConvolutionWorkers.BackwardWeight(x, dy, g, dw, columns, workers);
    }

    /// <summary>
    /// Workers for a batch-parallel pass: one sample's GEMMs per worker at a time, each worker with its own im2col
    /// columns. One worker when the batch is a single sample (its GEMMs then split across cores themselves) or the
    /// convolution is too small to pay for a second thread.
    /// </summary>
    internal static int BatchWorkers(in Conv2dGeometry g)
        => CpuParallel.WorkerCount(g.MultiplyAdds, CpuParallel.MinMultiplyAddsPerWorker, g.Batch);

    /// <summary>The forward pass for samples [first, end); a float pass applies <paramref name="activation"/> to each
    /// sample's output right after its GEMMs, while it is still in cache.</summary>
    internal static void ForwardSamples<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias,
        in Conv2dGeometry g, Span<T> y, Span<T> columns, int first, int end, Activation activation = Activation.None)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (activation != Activation.None && typeof(T) != typeof(float))
            throw new ArgumentException($"a fused {activation} needs float convolutions, not {typeof(T).Name}.", nameof(activation));
        int og = g.OutChannelsPerGroup, k = g.PatchLength, plane = g.OutPlane;
        for (int n = first; n < end; n++)
        {
            for (int grp = 0; grp < g.Groups; grp++)
            {
                var matrix = g.IsPointwise ? GroupInput(x, g, n, grp) : Im2Col(GroupInput(x, g, n, grp), g, columns);
                var yg = y.Slice((n * g.OutChannels + grp * og) * plane, og * plane);
                if (!bias.IsEmpty)
                    for (int o = 0; o < og; o++) yg.Slice(o * plane, plane).Fill(bias[grp * og + o]);
                TypedGemm.Multiply(false, false, og, plane, k, weight.Slice(grp * og * k, og * k), k, matrix, plane, yg, plane, accumulate: !bias.IsEmpty);
            }

            if (activation != Activation.None)
                ConvKernels.Apply(activation, MemoryMarshal.Cast<T, float>(y.Slice(n * g.OutChannels * plane, g.OutChannels * plane)));
        }
    }

    /// <summary>The input gradient of samples [first, end).</summary>
    internal static void BackwardInputSamples<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, in Conv2dGeometry g,
        Span<T> dx, Span<T> columns, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (SampleChunks.Samples(g) > 1)
        {
            SampleChunks.BackwardInput(dy, weight, g, dx, first, end);
            return;
        }
        int og = g.OutChannelsPerGroup, k = g.PatchLength, plane = g.OutPlane, groupIn = g.InChannelsPerGroup * g.InPlane;
        for (int n = first; n < end; n++)
            for (int grp = 0; grp < g.Groups; grp++)
            {
                var dyg = dy.Slice((n * g.OutChannels + grp * og) * plane, og * plane);
                var dxg = dx.Slice((n * g.InChannels + grp * g.InChannelsPerGroup) * g.InPlane, groupIn);
                var wg = weight.Slice(grp * og * k, og * k);
                if (g.IsPointwise)
                {
                    TypedGemm.Multiply(true, false, k, plane, og, wg, k, dyg, plane, dxg, plane, accumulate: false);
                    continue;
                }
                var cols = columns[..(k * plane)];
                TypedGemm.Multiply(true, false, k, plane, og, wg, k, dyg, plane, cols, plane, accumulate: false);
                dxg.Clear();
                Col2Im(cols, g, dxg, plane);
            }
    }

    /// <summary>dw (overwritten) = the weight gradient summed over samples [first, end) only.</summary>
    internal static void BackwardWeightSamples<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, in Conv2dGeometry g,
        Span<T> dw, Span<T> columns, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int og = g.OutChannelsPerGroup, k = g.PatchLength, plane = g.OutPlane;
        if (end <= first || plane == 0) dw.Clear();
        if (SampleChunks.Samples(g) > 1)
        {
            SampleChunks.BackwardWeight(x, dy, g, dw, first, end);
            return;
        }
        for (int n = first; n < end; n++)
            for (int grp = 0; grp < g.Groups; grp++)
            {
                var matrix = g.IsPointwise ? GroupInput(x, g, n, grp) : Im2Col(GroupInput(x, g, n, grp), g, columns);
                var dyg = dy.Slice((n * g.OutChannels + grp * og) * plane, og * plane);
                TypedGemm.Multiply(false, true, og, k, plane, dyg, plane, matrix, plane, dw.Slice(grp * og * k, og * k), k, accumulate: n > first);
            }
    }

    /// <summary>db[o] = Σ dy over samples and output positions of channel o (overwritten).</summary>
    public static void Conv2dBackwardBias<T>(ReadOnlySpan<T> dy, in Conv2dGeometry g, Span<T> db)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (db.Length != g.OutChannels)
            throw new ArgumentException($"db has {db.Length} elements but the convolution has {g.OutChannels} output channels.", nameof(db));
        int plane = g.OutPlane;
        db.Clear();
        for (int n = 0; n < g.Batch; n++)
            for (int o = 0; o < g.OutChannels; o++)
                db[o] += TensorPrimitives.Sum(dy.Slice((n * g.OutChannels + o) * plane, plane));
    }

    private static ReadOnlySpan<float> Floats<T>(ReadOnlySpan<T> span)
        where T : unmanaged
        => MemoryMarshal.Cast<T, float>(span);

    private static ReadOnlySpan<T> GroupInput<T>(ReadOnlySpan<T> x, in Conv2dGeometry g, int n, int grp)
        => x.Slice((n * g.InChannels + grp * g.InChannelsPerGroup) * g.InPlane, g.InChannelsPerGroup * g.InPlane);

    /// <summary>
    /// Lays one group's input [channels, H, W] out as columns [channels·KH·KW, OH·OW]: row (c, kh, kw) holds, for every
    /// output position, the input element under that kernel tap, or 0 in the padding.
    /// </summary>
    private static ReadOnlySpan<T> Im2Col<T>(ReadOnlySpan<T> x, in Conv2dGeometry g, Span<T> columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Im2Col(x, g, columns, g.OutPlane);
        return columns[..(g.PatchLength * g.OutPlane)];
    }

    /// <summary><see cref="Im2Col{T}(ReadOnlySpan{T}, in Conv2dGeometry, Span{T})"/> into rows <paramref name="ld"/> apart
    /// (one sample's block of a wider matrix that holds several samples side by side).</summary>
    internal static void Im2Col<T>(ReadOnlySpan<T> x, in Conv2dGeometry g, Span<T> columns, int ld)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ow = g.OutWidth, plane = g.OutPlane, row = 0;
        for (int c = 0; c < g.InChannelsPerGroup; c++)
        {
            var xc = x.Slice(c * g.InPlane, g.InPlane);
            for (int kh = 0; kh < g.KernelHeight; kh++)
                for (int kw = 0; kw < g.KernelWidth; kw++, row++)
                {
                    var dst = columns.Slice(row * ld, plane);
                    int hOff = kh * g.DilationHeight - g.PadTop, wOff = kw * g.DilationWidth - g.PadLeft;
                    var (lo, hi) = ValidRange(wOff, g.StrideWidth, g.InWidth, ow);
                    for (int oh = 0; oh < g.OutHeight; oh++)
                    {
                        var drow = dst.Slice(oh * ow, ow);
                        int ih = oh * g.StrideHeight + hOff;
                        if ((uint)ih >= (uint)g.InHeight || hi < lo)
                        {
                            drow.Clear();
                            continue;
                        }
                        var srow = xc.Slice(ih * g.InWidth, g.InWidth);
                        if (lo > 0) drow[..lo].Clear();
                        if (hi + 1 < ow) drow[(hi + 1)..].Clear();
                        if (g.StrideWidth == 1) ShortRows.Copy(srow.Slice(lo + wOff, hi - lo + 1), drow[lo..]);
                        else
                            for (int o = lo; o <= hi; o++) drow[o] = srow[o * g.StrideWidth + wOff];
                    }
                }
        }
    }

    /// <summary>
    /// The inverse scatter of <see cref="Im2Col{T}(ReadOnlySpan{T}, in Conv2dGeometry, Span{T}, int)"/>: adds each column
    /// entry (rows <paramref name="ld"/> apart) to the input element it was read from.
    /// </summary>
    internal static void Col2Im<T>(ReadOnlySpan<T> columns, in Conv2dGeometry g, Span<T> dx, int ld)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ow = g.OutWidth, plane = g.OutPlane, row = 0;
        for (int c = 0; c < g.InChannelsPerGroup; c++)
        {
            var dxc = dx.Slice(c * g.InPlane, g.InPlane);
            for (int kh = 0; kh < g.KernelHeight; kh++)
                for (int kw = 0; kw < g.KernelWidth; kw++, row++)
                {
                    var src = columns.Slice(row * ld, plane);
                    int hOff = kh * g.DilationHeight - g.PadTop, wOff = kw * g.DilationWidth - g.PadLeft;
                    var (lo, hi) = ValidRange(wOff, g.StrideWidth, g.InWidth, ow);
                    if (hi < lo) continue;
                    for (int oh = 0; oh < g.OutHeight; oh++)
                    {
                        int ih = oh * g.StrideHeight + hOff;
                        if ((uint)ih >= (uint)g.InHeight) continue;
                        var srow = src.Slice(oh * ow, ow);
                        var drow = dxc.Slice(ih * g.InWidth, g.InWidth);
                        if (g.StrideWidth == 1)
                        {
                            var d = drow.Slice(lo + wOff, hi - lo + 1);
                            ShortRows.Add(srow.Slice(lo, hi - lo + 1), d);
                        }
                        else
                            for (int o = lo; o <= hi; o++) drow[o * g.StrideWidth + wOff] += srow[o];
                    }
                }
        }
    }

    /// <summary>The output columns [lo, hi] whose input column o·stride + offset lies inside [0, width).</summary>
    private static (int Lo, int Hi) ValidRange(int offset, int stride, int width, int outWidth)
    {
        int lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int hi = width - 1 - offset < 0 ? -1 : Math.Min(outWidth - 1, (width - 1 - offset) / stride);
        return (lo, Math.Max(hi, lo - 1));
    }

    private static void CheckLengths(in Conv2dGeometry g, int xLength, int wLength, int yLength, int columnsLength)
    {
        if (xLength != g.InputLength)
            throw new ArgumentException($"the input has {xLength} elements but the geometry [{g.Batch}, {g.InChannels}, {g.InHeight}, {g.InWidth}] needs {g.InputLength}.");
        if (wLength != g.WeightLength)
            throw new ArgumentException($"the weight has {wLength} elements but the geometry [{g.OutChannels}, {g.InChannelsPerGroup}, {g.KernelHeight}, {g.KernelWidth}] needs {g.WeightLength}.");
        if (yLength != g.OutputLength)
            throw new ArgumentException($"the output has {yLength} elements but the geometry [{g.Batch}, {g.OutChannels}, {g.OutHeight}, {g.OutWidth}] needs {g.OutputLength}.");
        if (columnsLength < g.ColumnsLength)
            throw new ArgumentException($"the columns workspace has {columnsLength} elements but needs {g.ColumnsLength}.");
    }
}
