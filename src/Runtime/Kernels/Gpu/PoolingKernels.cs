using System.Numerics;
using GraphGen.Kernels.Cpu;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Max, average and adaptive-average pooling over NCHW planes on the device, forward and backward, with the CPU's
/// semantics (<see cref="Pooling"/>) and its <see cref="Pool2dGeometry"/>. Forward: one thread per output. Backward:
/// one thread per input element gathers from the windows that cover it (no atomics, deterministic); max pooling
/// compares each window's saved index (h·W + w in its plane) with its own. Generic over float32/float64.
/// </summary>
public static class PoolingKernels
{
    /// <summary>y = the maximum of each window (NaN wins), indices = where it is in the plane (the first valid tap when all are −∞).</summary>
    public static void MaxPool2dForward<T>(Index1D i, ArrayView<T> x, ArrayView<T> y, ArrayView<int> indices, Pool2dGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outPlane = g.OutHeight * g.OutWidth, inPlane = g.InHeight * g.InWidth;
        int p = i / outPlane, oh = i % outPlane / g.OutWidth, ow = i % g.OutWidth;
        int h0 = oh * g.StrideHeight - g.PadTop, w0 = ow * g.StrideWidth - g.PadLeft;
        T best = T.NegativeInfinity;
        int at = -1;
        bool nan = false;
        for (int kh = 0; kh < g.KernelHeight && !nan; kh++)
        {
            int h = h0 + kh * g.DilationHeight;
            if (h < 0 || h >= g.InHeight) continue;
            for (int kw = 0; kw < g.KernelWidth && !nan; kw++)
            {
                int w = w0 + kw * g.DilationWidth;
                if (w < 0 || w >= g.InWidth) continue;
                int idx = h * g.InWidth + w;
                T v = x[p * inPlane + idx];
                if (at < 0) at = idx;
                if (v > best || T.IsNaN(v))
                {
                    best = v;
                    at = idx;
                    nan = T.IsNaN(v);
                }
            }
        }
        y[i] = best;
        indices[i] = at;
    }

    /// <summary>dx (overwritten) = Σ of dy over the windows whose saved maximum is this element.</summary>
    public static void MaxPool2dBackward<T>(Index1D i, ArrayView<T> dy, ArrayView<int> indices, ArrayView<T> dx, Pool2dGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inPlane = g.InHeight * g.InWidth, outPlane = g.OutHeight * g.OutWidth;
        int p = i / inPlane, idx = i % inPlane, ih = idx / g.InWidth, iw = idx % g.InWidth;
        int ohLo = FirstWindow(ih + g.PadTop, g.DilationHeight * (g.KernelHeight - 1), g.StrideHeight);
        int ohHi = Math.Min(g.OutHeight - 1, (ih + g.PadTop) / g.StrideHeight);
        int owLo = FirstWindow(iw + g.PadLeft, g.DilationWidth * (g.KernelWidth - 1), g.StrideWidth);
        int owHi = Math.Min(g.OutWidth - 1, (iw + g.PadLeft) / g.StrideWidth);
        T sum = T.Zero;
        for (int oh = ohLo; oh <= ohHi; oh++)
            for (int ow = owLo; ow <= owHi; ow++)
            {
                int o = p * outPlane + oh * g.OutWidth + ow;
                if (indices[o] == idx) sum += dy[o];
            }
        dx[i] = sum;
    }

    /// <summary>y = the mean of each window; the divisor counts the padding when <paramref name="countIncludePad"/> is 1.</summary>
    public static void AvgPool2dForward<T, TMath>(Index1D i, ArrayView<T> x, ArrayView<T> y, Pool2dGeometry g, int countIncludePad)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int outPlane = g.OutHeight * g.OutWidth, inPlane = g.InHeight * g.InWidth;
        int p = i / outPlane, oh = i % outPlane / g.OutWidth, ow = i % g.OutWidth;
        int hStart = oh * g.StrideHeight - g.PadTop, hEnd = Math.Min(hStart + g.KernelHeight, g.InHeight + g.PadTop);
        int wStart = ow * g.StrideWidth - g.PadLeft, wEnd = Math.Min(wStart + g.KernelWidth, g.InWidth + g.PadLeft);
        int divisor = countIncludePad != 0 ? (hEnd - hStart) * (wEnd - wStart) : 0;
        hStart = Math.Max(hStart, 0);
        wStart = Math.Max(wStart, 0);
        hEnd = Math.Min(hEnd, g.InHeight);
        wEnd = Math.Min(wEnd, g.InWidth);
        if (countIncludePad == 0) divisor = (hEnd - hStart) * (wEnd - wStart);
        T sum = T.Zero;
        for (int h = hStart; h < hEnd; h++)
            for (int w = wStart; w < wEnd; w++) sum += x[p * inPlane + h * g.InWidth + w];
        y[i] = sum / default(TMath).FromDouble(divisor);
    }

    /// <summary>dx (overwritten) = Σ over the windows covering this element of dy / the window's divisor.</summary>
    public static void AvgPool2dBackward<T, TMath>(Index1D i, ArrayView<T> dy, ArrayView<T> dx, Pool2dGeometry g, int countIncludePad)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int inPlane = g.InHeight * g.InWidth, outPlane = g.OutHeight * g.OutWidth;
        int p = i / inPlane, ih = i % inPlane / g.InWidth, iw = i % g.InWidth;
        int ohLo = FirstWindow(ih + g.PadTop, g.KernelHeight - 1, g.StrideHeight);
        int ohHi = Math.Min(g.OutHeight - 1, (ih + g.PadTop) / g.StrideHeight);
        int owLo = FirstWindow(iw + g.PadLeft, g.KernelWidth - 1, g.StrideWidth);
        int owHi = Math.Min(g.OutWidth - 1, (iw + g.PadLeft) / g.StrideWidth);
        T sum = T.Zero;
        for (int oh = ohLo; oh <= ohHi; oh++)
        {
            int hStart = oh * g.StrideHeight - g.PadTop, hEnd = Math.Min(hStart + g.KernelHeight, g.InHeight + g.PadTop);
            int hPadded = hEnd - hStart;
            hEnd = Math.Min(hEnd, g.InHeight);
            if (ih >= hEnd) continue; // a ceil-mode window clipped short of this row
            for (int ow = owLo; ow <= owHi; ow++)
            {
                int wStart = ow * g.StrideWidth - g.PadLeft, wEnd = Math.Min(wStart + g.KernelWidth, g.InWidth + g.PadLeft);
                int wPadded = wEnd - wStart;
                wEnd = Math.Min(wEnd, g.InWidth);
                if (iw >= wEnd) continue;
                int divisor = countIncludePad != 0
                    ? hPadded * wPadded
                    : (hEnd - Math.Max(hStart, 0)) * (wEnd - Math.Max(wStart, 0));
                sum += dy[p * outPlane + oh * g.OutWidth + ow] / default(TMath).FromDouble(divisor);
            }
        }
        dx[i] = sum;
    }

    /// <summary>y[p, oh, ow] = the mean of rows ⌊oh·H/OH⌋ … ⌈(oh+1)·H/OH⌉ and the columns likewise (PyTorch's adaptive windows).</summary>
    public static void AdaptiveAvgPool2dForward<T, TMath>(Index1D i, ArrayView<T> x, ArrayView<T> y, int inHeight, int inWidth, int outHeight, int outWidth)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int outPlane = outHeight * outWidth;
        int p = i / outPlane, oh = i % outPlane / outWidth, ow = i % outWidth;
        int h0 = AdaptiveStart(oh, inHeight, outHeight), h1 = AdaptiveEnd(oh, inHeight, outHeight);
        int w0 = AdaptiveStart(ow, inWidth, outWidth), w1 = AdaptiveEnd(ow, inWidth, outWidth);
        T sum = T.Zero;
        for (int h = h0; h < h1; h++)
            for (int w = w0; w < w1; w++) sum += x[(p * inHeight + h) * inWidth + w];
        y[i] = sum / default(TMath).FromDouble((h1 - h0) * (w1 - w0));
    }

    /// <summary>dx (overwritten) = Σ over the adaptive windows covering this element of dy / the window's size.</summary>
    public static void AdaptiveAvgPool2dBackward<T, TMath>(Index1D i, ArrayView<T> dy, ArrayView<T> dx, int inHeight, int inWidth, int outHeight, int outWidth)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int inPlane = inHeight * inWidth;
        int p = i / inPlane, ih = i % inPlane / inWidth, iw = i % inWidth;
        T sum = T.Zero;
        // The windows covering row ih lie within one of ⌊ih·OH/H⌋ … ⌊(ih+1)·OH/H⌋ (checked exactly below).
        int ohLo = Math.Max(0, (int)((long)ih * outHeight / inHeight) - 1), ohHi = Math.Min(outHeight - 1, (int)((long)(ih + 1) * outHeight / inHeight) + 1);
        int owLo = Math.Max(0, (int)((long)iw * outWidth / inWidth) - 1), owHi = Math.Min(outWidth - 1, (int)((long)(iw + 1) * outWidth / inWidth) + 1);
        for (int oh = ohLo; oh <= ohHi; oh++)
        {
            int h0 = AdaptiveStart(oh, inHeight, outHeight), h1 = AdaptiveEnd(oh, inHeight, outHeight);
            if (ih < h0 || ih >= h1) continue;
            for (int ow = owLo; ow <= owHi; ow++)
            {
                int w0 = AdaptiveStart(ow, inWidth, outWidth), w1 = AdaptiveEnd(ow, inWidth, outWidth);
                if (iw < w0 || iw >= w1) continue;
                sum += dy[(p * outHeight + oh) * outWidth + ow] / default(TMath).FromDouble((h1 - h0) * (w1 - w0));
            }
        }
        dx[i] = sum;
    }

    /// <summary>The first window o with o·stride ≤ position ≤ o·stride + span (position counted from the padded edge).</summary>
    private static int FirstWindow(int position, int span, int stride)
    {
        int reach = position - span;
        return reach <= 0 ? 0 : (reach + stride - 1) / stride;
    }

    private static int AdaptiveStart(int o, int size, int outSize) => (int)((long)o * size / outSize);

    private static int AdaptiveEnd(int o, int size, int outSize) => (int)(((long)(o + 1) * size + outSize - 1) / outSize);
}
