using System.ComponentModel;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// The Reduction family's kernels as compiled code calls them: a sum (or, scaled by 1/n, a mean) over the middle dim
/// of [outer, n, inner] and its backward. The loops are <see cref="Compiled.ReductionKernels"/>'s.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ReductionKernels
{
    /// <summary>y[o, i] = scale·Σ_k x[o, k, i]; y is [outer, inner].</summary>
    public static void Sum(ReadOnlySpan<float> x, Span<float> y, int outer, int n, int inner, float scale) =>
        Compiled.ReductionKernels.Sum(x, y, outer, n, inner, scale);

    /// <summary>dx[o, k, i] (+)= scale·dy[o, i].</summary>
    public static void SumBackward(ReadOnlySpan<float> dy, Span<float> dx, int outer, int n, int inner, float scale, bool accumulate) =>
        Compiled.ReductionKernels.SumBackward(dy, dx, outer, n, inner, scale, accumulate);
}
