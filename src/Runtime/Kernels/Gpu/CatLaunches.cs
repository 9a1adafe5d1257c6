using System.ComponentModel;
using GraphGen.Compiled.Gpu;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The Cat family's launches as compiled GPU code makes them, in the order of arguments of <see cref="Cpu.CatKernels"/>
/// after the workspace: one copy per joined input into its columns of the output, and one slice per input back.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CatLaunches
{
    /// <summary>Copies x[outer, width] into y[outer, total] at column <paramref name="offset"/>.</summary>
    public static void CopyInto<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, int outer, int width, int offset, int total)
        where TSizes : struct, IEquatable<TSizes>
    {
        Check(x.Length, y.Length, outer, width, offset, total);
        GpuLaunch.Run(ws.Gpu, ConcatenationKernels.CopyInto, outer * width, x, y, width, offset, total);
    }

    /// <summary>dx[outer, width] (+)= the columns [offset, offset + width) of dy[outer, total]; nothing when dx is empty.</summary>
    public static void SliceGradient<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> dx, int outer, int width, int offset, int total, bool accumulate)
        where TSizes : struct, IEquatable<TSizes>
    {
        if (dx.Length == 0) return;
        Check(dx.Length, dy.Length, outer, width, offset, total);
        GpuLaunch.Run(ws.Gpu, ConcatenationKernels.SliceGradient, outer * width, dy, dx, width, offset, total, accumulate ? 1 : 0);
    }

    private static void Check(long partLength, long wholeLength, int outer, int width, int offset, int total)
    {
        if (partLength != (long)outer * width || wholeLength != (long)outer * total || offset < 0 || offset + width > total)
            throw new ArgumentException($"Cat: a part of {partLength} elements as [{outer}, {width}] at column {offset} does not fit a whole of {wholeLength} elements as [{outer}, {total}].");
    }
}
