using System.Numerics;
using GraphGen.Kernels.Cpu;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The convolution's data-movement kernels around the tiled GEMM (<see cref="GemmKernel"/>), over NCHW data and a
/// <see cref="Conv2dGeometry"/> (the CPU kernels' geometry, so eager and generated code describe a convolution once).
/// The im2col matrix of the whole batch is laid out [Batch, Groups, PatchLength, OutPlane], so that per group one
/// batched GEMM covers every sample. Col2im gathers (one thread per input element sums the column entries read from it)
/// instead of scattering, so the input gradient needs no atomics and is deterministic. Generic over float32/float64.
/// </summary>
public static class ConvolutionKernels
{
    /// <summary>columns[n, g, (c, kh, kw), (oh, ow)] = the input element under that tap, or 0 in the padding.</summary>
    public static void Im2Col<T>(Index1D i, ArrayView<T> x, ArrayView<T> columns, Conv2dGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = g.OutHeight * g.OutWidth, taps = g.KernelHeight * g.KernelWidth;
        int inPerGroup = g.InChannels / g.Groups, patch = inPerGroup * taps;
        int p = i % plane, r = i / plane % patch, sampleGroup = i / plane / patch;
        int grp = sampleGroup % g.Groups, n = sampleGroup / g.Groups;
        int c = r / taps, kh = r % taps / g.KernelWidth, kw = r % g.KernelWidth;
        int ih = p / g.OutWidth * g.StrideHeight - g.PadTop + kh * g.DilationHeight;
        int iw = p % g.OutWidth * g.StrideWidth - g.PadLeft + kw * g.DilationWidth;
        bool inside = ih >= 0 && ih < g.InHeight && iw >= 0 && iw < g.InWidth;
        columns[i] = inside ? x[((n * g.InChannels + grp * inPerGroup + c) * g.InHeight + ih) * g.InWidth + iw] : T.Zero;
    }

    /// <summary>
    /// dx[n, ch, ih, iw] = Σ of the column entries that <see cref="Im2Col{T}"/> read from that element: each kernel tap
    /// (kh, kw) whose window position (oh, ow) lands on it.
    /// </summary>
    public static void Col2Im<T>(Index1D i, ArrayView<T> columns, ArrayView<T> dx, Conv2dGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = g.OutHeight * g.OutWidth, taps = g.KernelHeight * g.KernelWidth;
        int inPerGroup = g.InChannels / g.Groups, patch = inPerGroup * taps;
        int iw = i % g.InWidth, ih = i / g.InWidth % g.InHeight, ch = i / (g.InHeight * g.InWidth) % g.InChannels;
        int n = i / (g.InHeight * g.InWidth * g.InChannels);
        int grp = ch / inPerGroup, c = ch % inPerGroup;
        int groupBase = (n * g.Groups + grp) * patch;
        T sum = T.Zero;
        for (int kh = 0; kh < g.KernelHeight; kh++)
        {
            int th = ih + g.PadTop - kh * g.DilationHeight;
            if (th < 0 || th % g.StrideHeight != 0 || th / g.StrideHeight >= g.OutHeight) continue;
            int oh = th / g.StrideHeight;
            for (int kw = 0; kw < g.KernelWidth; kw++)
            {
                int tw = iw + g.PadLeft - kw * g.DilationWidth;
                if (tw < 0 || tw % g.StrideWidth != 0 || tw / g.StrideWidth >= g.OutWidth) continue;
                int row = groupBase + c * taps + kh * g.KernelWidth + kw;
                sum += columns[row * plane + oh * g.OutWidth + tw / g.StrideWidth];
            }
        }
        dx[i] = sum;
    }

    /// <summary>y[n, o, p] += bias[o]: the convolution's bias (the GEMM's epilogue bias runs along columns, not channels).</summary>
    public static void AddChannelBias<T>(Index1D i, ArrayView<T> y, ArrayView<T> bias, int channels, int plane)
        where T : unmanaged, IFloatingPointIeee754<T> => y[i] += bias[i / plane % channels];

    /// <summary>sums[c] = Σ over samples and positions of dy[n, c, p] (one thread per channel): the bias gradient.</summary>
    public static void ChannelSums<T>(Index1D c, ArrayView<T> dy, ArrayView<T> sums, int batch, int channels, int plane)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int n = 0; n < batch; n++)
        {
            int start = (n * channels + c) * plane;
            for (int p = 0; p < plane; p++) sum += dy[start + p];
        }
        sums[c] = sum;
    }
}
