using System.ComponentModel;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// The Dropout family's kernels as compiled code calls them: inverted dropout with a saved mask, and its backward.
/// The loops and the draws are <see cref="Compiled.DropoutKernels"/>'s.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DropoutKernels
{
    /// <summary>While training y = x·mask (mask 0 with probability p, else 1/(1-p)); otherwise y = x and mask = 1.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> mask, double p, bool training, RandomGenerator generator) =>
        Compiled.DropoutKernels.Forward(x, y, mask, p, training, generator);

    /// <summary>dx (+)= dy·mask.</summary>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<float> mask, Span<float> dx, bool accumulate) =>
        Compiled.DropoutKernels.Backward(dy, mask, dx, accumulate);
}
