using System.ComponentModel;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Max, average and adaptive-average pooling over NCHW planes, forward and backward, as PyTorch computes them: spans
/// and a <see cref="Pool2dGeometry"/>, callable from eager ops and generated code. Windows are clipped to the input;
/// max pooling records, per output, the flat index (h·W + w) of its maximum within the plane so that the backward
/// pass is a scatter. A NaN in a window wins, as in PyTorch.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class Pooling
{
    /// <summary>y = max over each window; <paramref name="indices"/> receives each maximum's index in its plane.</summary>
    public static void MaxPool2dForward<T>(ReadOnlySpan<T> x, in Pool2dGeometry g, Span<T> y, Span<int> indices)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(g, x.Length, y.Length);
        if (indices.Length != g.OutputLength)
            throw new ArgumentException($"indices has {indices.Length} elements but the output has {g.OutputLength}.", nameof(indices));
        int workers = PlaneWorkers(g.Planes, g.InputLength);
        if (workers <= 1)
            MaxPoolPlanes(x, g, y, indices, 0, g.Planes);
        else
            fixed (T* px = x, py = y)
            fixed (int* pi = indices)
                MaxPoolParallel(px, g, py, pi, workers);
    }

    private static void MaxPoolParallel<T>(T* x, Pool2dGeometry g, T* y, int* indices, int workers)
        where T : unmanaged, IFloatingPointIeee754<T>
        => CpuParallel.For(g.Planes, workers, new Operands<T> { G = g, In = x, Out = y, Indices = indices },
            static (in Operands<T> o, int first, int end) => MaxPoolPlanes(new ReadOnlySpan<T>(o.In, o.G.InputLength), o.G,
                new Span<T>(o.Out, o.G.OutputLength), new Span<int>(o.Indices, o.G.OutputLength), first, end));

    private static void MaxPoolPlanes<T>(ReadOnlySpan<T> x, in Pool2dGeometry g, Span<T> y, Span<int> indices, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && MaxPool2x2.Applies(g))
        {
            MaxPool2x2.Planes(MemoryMarshal.Cast<T, float>(x), g, MemoryMarshal.Cast<T, float>(y), indices, first, end);
            return;
        }

        for (int p = first; p < end; p++)
        {
            var xp = x.Slice(p * g.InPlane, g.InPlane);
            var yp = y.Slice(p * g.OutPlane, g.OutPlane);
            var ip = indices.Slice(p * g.OutPlane, g.OutPlane);
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                int h0 = oh * g.StrideHeight - g.PadTop;
                var (khLo, khHi) = Taps(h0, g.DilationHeight, g.KernelHeight, g.InHeight);
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    int w0 = ow * g.StrideWidth - g.PadLeft;
                    var (kwLo, kwHi) = Taps(w0, g.DilationWidth, g.KernelWidth, g.InWidth);
                    T best = T.NegativeInfinity;
                    int at = (h0 + khLo * g.DilationHeight) * g.InWidth + w0 + kwLo * g.DilationWidth;
                    for (int kh = khLo; kh < khHi; kh++)
                    {
                        int row = (h0 + kh * g.DilationHeight) * g.InWidth + w0;
                        for (int kw = kwLo; kw < kwHi; kw++)
                        {
                            int i = row + kw * g.DilationWidth;
                            T v = xp[i];
                            if (v > best || T.IsNaN(v))
                            {
                                best = v;
                                at = i;
                                if (T.IsNaN(v)) goto done;
                            }
                        }
                    }
                done:
                    yp[oh * g.OutWidth + ow] = best;
                    ip[oh * g.OutWidth + ow] = at;
                }
            }
        }
    }

    /// <summary>dx (overwritten) = dy scattered to each window's recorded maximum (summed where windows overlap).</summary>
    public static void MaxPool2dBackward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<int> indices, in Pool2dGeometry g, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(g, dx.Length, dy.Length);
        if (indices.Length != g.OutputLength)
            throw new ArgumentException($"indices has {indices.Length} elements but the output has {g.OutputLength}.", nameof(indices));
        int workers = PlaneWorkers(g.Planes, g.InputLength);
        if (workers <= 1)
            MaxPoolBackwardPlanes(dy, indices, g, dx, 0, g.Planes);
        else
            fixed (T* pdy = dy, pdx = dx)
            fixed (int* pi = indices)
                MaxPoolBackwardParallel(pdy, pi, g, pdx, workers);
    }

    private static void MaxPoolBackwardParallel<T>(T* dy, int* indices, Pool2dGeometry g, T* dx, int workers)
        where T : unmanaged, IFloatingPointIeee754<T>
        => CpuParallel.For(g.Planes, workers, new Operands<T> { G = g, In = dy, Out = dx, Indices = indices },
            static (in Operands<T> o, int first, int end) => MaxPoolBackwardPlanes(new ReadOnlySpan<T>(o.In, o.G.OutputLength),
                new ReadOnlySpan<int>(o.Indices, o.G.OutputLength), o.G, new Span<T>(o.Out, o.G.InputLength), first, end));

    private static void MaxPoolBackwardPlanes<T>(ReadOnlySpan<T> dy, ReadOnlySpan<int> indices, in Pool2dGeometry g, Span<T> dx, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int p = first; p < end; p++)
        {
            var dxp = dx.Slice(p * g.InPlane, g.InPlane);
            var dyp = dy.Slice(p * g.OutPlane, g.OutPlane);
            var ip = indices.Slice(p * g.OutPlane, g.OutPlane);
            dxp.Clear();
            for (int o = 0; o < dyp.Length; o++) dxp[ip[o]] += dyp[o];
        }
    }

    /// <summary>
    /// y = mean over each window. The divisor is the window's size clipped to the padded input when
    /// <paramref name="countIncludePad"/> (PyTorch's default), else the number of real input elements.
    /// </summary>
    public static void AvgPool2dForward<T>(ReadOnlySpan<T> x, in Pool2dGeometry g, bool countIncludePad, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(g, x.Length, y.Length);
        int workers = PlaneWorkers(g.Planes, g.InputLength);
        if (workers <= 1)
            AvgPoolPlanes(x, g, countIncludePad, y, 0, g.Planes);
        else
            fixed (T* px = x, py = y)
                AvgPoolParallel(px, g, countIncludePad, py, workers);
    }

    private static void AvgPoolParallel<T>(T* x, Pool2dGeometry g, bool countIncludePad, T* y, int workers)
        where T : unmanaged, IFloatingPointIeee754<T>
        => CpuParallel.For(g.Planes, workers, new Operands<T> { G = g, In = x, Out = y, CountIncludePad = countIncludePad },
            static (in Operands<T> o, int first, int end) => AvgPoolPlanes(new ReadOnlySpan<T>(o.In, o.G.InputLength), o.G,
                o.CountIncludePad, new Span<T>(o.Out, o.G.OutputLength), first, end));

    private static void AvgPoolPlanes<T>(ReadOnlySpan<T> x, in Pool2dGeometry g, bool countIncludePad, Span<T> y, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int p = first; p < end; p++)
        {
            var xp = x.Slice(p * g.InPlane, g.InPlane);
            var yp = y.Slice(p * g.OutPlane, g.OutPlane);
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                var (h0, h1, hPadded) = AvgWindow(oh, g.StrideHeight, g.PadTop, g.KernelHeight, g.InHeight);
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    var (w0, w1, wPadded) = AvgWindow(ow, g.StrideWidth, g.PadLeft, g.KernelWidth, g.InWidth);
                    T sum = T.Zero;
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++) sum += xp[h * g.InWidth + w];
                    int divisor = countIncludePad ? hPadded * wPadded : (h1 - h0) * (w1 - w0);
                    yp[oh * g.OutWidth + ow] = sum / T.CreateTruncating(divisor);
                }
            }
        }
    }

    /// <summary>dx (overwritten): each output's gradient divided by its divisor and spread over its window.</summary>
    public static void AvgPool2dBackward<T>(ReadOnlySpan<T> dy, in Pool2dGeometry g, bool countIncludePad, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(g, dx.Length, dy.Length);
        int workers = PlaneWorkers(g.Planes, g.InputLength);
        if (workers <= 1)
            AvgPoolBackwardPlanes(dy, g, countIncludePad, dx, 0, g.Planes);
        else
            fixed (T* pdy = dy, pdx = dx)
                AvgPoolBackwardParallel(pdy, g, countIncludePad, pdx, workers);
    }

    private static void AvgPoolBackwardParallel<T>(T* dy, Pool2dGeometry g, bool countIncludePad, T* dx, int workers)
        where T : unmanaged, IFloatingPointIeee754<T>
        => CpuParallel.For(g.Planes, workers, new Operands<T> { G = g, In = dy, Out = dx, CountIncludePad = countIncludePad },
            static (in Operands<T> o, int first, int end) => AvgPoolBackwardPlanes(new ReadOnlySpan<T>(o.In, o.G.OutputLength), o.G,
                o.CountIncludePad, new Span<T>(o.Out, o.G.InputLength), first, end));

    private static void AvgPoolBackwardPlanes<T>(ReadOnlySpan<T> dy, in Pool2dGeometry g, bool countIncludePad, Span<T> dx, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int p = first; p < end; p++)
        {
            var dxp = dx.Slice(p * g.InPlane, g.InPlane);
            var dyp = dy.Slice(p * g.OutPlane, g.OutPlane);
            dxp.Clear();
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                var (h0, h1, hPadded) = AvgWindow(oh, g.StrideHeight, g.PadTop, g.KernelHeight, g.InHeight);
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    var (w0, w1, wPadded) = AvgWindow(ow, g.StrideWidth, g.PadLeft, g.KernelWidth, g.InWidth);
                    int divisor = countIncludePad ? hPadded * wPadded : (h1 - h0) * (w1 - w0);
                    T share = dyp[oh * g.OutWidth + ow] / T.CreateTruncating(divisor);
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++) dxp[h * g.InWidth + w] += share;
                }
            }
        }
    }

    /// <summary>
    /// Adaptive average pooling to [outHeight, outWidth]: output (i, j) averages rows floor(i·H/OH) to ceil((i+1)·H/OH)
    /// and the same for columns, as PyTorch. x is [planes, inHeight, inWidth].
    /// </summary>
    public static void AdaptiveAvgPool2dForward<T>(ReadOnlySpan<T> x, int planes, int inHeight, int inWidth,
        int outHeight, int outWidth, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckAdaptive(x.Length, y.Length, planes, inHeight, inWidth, outHeight, outWidth);
        int inPlane = inHeight * inWidth, outPlane = outHeight * outWidth;
        if (outPlane == 1)
        {
            // Global average pooling: one vectorised sum per plane.
            T size = T.CreateTruncating(inPlane);
            for (int p = 0; p < planes; p++) y[p] = TensorPrimitives.Sum(x.Slice(p * inPlane, inPlane)) / size;
            return;
        }

        for (int p = 0; p < planes; p++)
        {
            var xp = x.Slice(p * inPlane, inPlane);
            for (int oh = 0; oh < outHeight; oh++)
            {
                var (h0, h1) = AdaptiveWindow(oh, inHeight, outHeight);
                for (int ow = 0; ow < outWidth; ow++)
                {
                    var (w0, w1) = AdaptiveWindow(ow, inWidth, outWidth);
                    T sum = T.Zero;
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++) sum += xp[h * inWidth + w];
                    y[p * outPlane + oh * outWidth + ow] = sum / T.CreateTruncating((h1 - h0) * (w1 - w0));
                }
            }
        }
    }

    /// <summary>dx (overwritten): each output's gradient spread evenly over its window.</summary>
    public static void AdaptiveAvgPool2dBackward<T>(ReadOnlySpan<T> dy, int planes, int inHeight, int inWidth,
        int outHeight, int outWidth, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckAdaptive(dx.Length, dy.Length, planes, inHeight, inWidth, outHeight, outWidth);
        int inPlane = inHeight * inWidth, outPlane = outHeight * outWidth;
        if (outPlane == 1)
        {
            // Global average pooling: each plane is its output's gradient over the plane's size.
            T size = T.CreateTruncating(inPlane);
            for (int p = 0; p < planes; p++) dx.Slice(p * inPlane, inPlane).Fill(dy[p] / size);
            return;
        }

        dx.Clear();
        for (int p = 0; p < planes; p++)
        {
            var dxp = dx.Slice(p * inPlane, inPlane);
            for (int oh = 0; oh < outHeight; oh++)
            {
                var (h0, h1) = AdaptiveWindow(oh, inHeight, outHeight);
                for (int ow = 0; ow < outWidth; ow++)
                {
                    var (w0, w1) = AdaptiveWindow(ow, inWidth, outWidth);
                    T share = dy[p * outPlane + oh * outWidth + ow] / T.CreateTruncating((h1 - h0) * (w1 - w0));
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++) dxp[h * inWidth + w] += share;
                }
            }
        }
    }

    /// <summary>Workers for a pass over <paramref name="planes"/> planes reading <paramref name="elements"/> input elements:
    /// planes are independent, so each worker takes a contiguous run of them (results equal the one-thread pass bit for bit).</summary>
    private static int PlaneWorkers(int planes, long elements)
        => CpuParallel.WorkerCount(elements, CpuParallel.MinElementsPerWorker, planes);

    /// <summary>The kernel taps [lo, hi) of a max-pool window starting at <paramref name="start"/> that fall inside the input.</summary>
    private static (int Lo, int Hi) Taps(int start, int dilation, int kernel, int size)
    {
        int lo = start >= 0 ? 0 : (-start + dilation - 1) / dilation;
        int hi = size - 1 - start < 0 ? 0 : Math.Min(kernel, (size - 1 - start) / dilation + 1);
        return (lo, Math.Max(lo, hi));
    }

    /// <summary>PyTorch's avg-pool window: [start, end) clipped to the input, and its length clipped only to the padded input.</summary>
    private static (int Start, int End, int PaddedLength) AvgWindow(int o, int stride, int pad, int kernel, int size)
    {
        int start = o * stride - pad;
        int end = Math.Min(start + kernel, size + pad);
        int padded = end - start;
        return (Math.Max(start, 0), Math.Min(end, size), padded);
    }

    private static (int Start, int End) AdaptiveWindow(int o, int size, int outSize)
        => ((int)((long)o * size / outSize), (int)(((long)(o + 1) * size + outSize - 1) / outSize));

    private static void CheckLengths(in Pool2dGeometry g, int xLength, int yLength)
    {
        if (xLength != g.InputLength)
            throw new ArgumentException($"the input has {xLength} elements but {g.Planes} planes of {g.InHeight}x{g.InWidth} need {g.InputLength}.");
        if (yLength != g.OutputLength)
            throw new ArgumentException($"the output has {yLength} elements but {g.Planes} planes of {g.OutHeight}x{g.OutWidth} need {g.OutputLength}.");
    }

    private static void CheckAdaptive(int xLength, int yLength, int planes, int inHeight, int inWidth, int outHeight, int outWidth)
        => CheckLengths(new Pool2dGeometry(planes, inHeight, inWidth, 1, 1, 1, 1, 0, 0, 1, 1, outHeight, outWidth), xLength, yLength);

    /// <summary>A plane-parallel pass's pinned operands (a static lambda's state: no closure per call).</summary>
    private struct Operands<T> where T : unmanaged
    {
        public Pool2dGeometry G;
        public T* In, Out;
        public int* Indices;
        public bool CountIncludePad;
    }
}
