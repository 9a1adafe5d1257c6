using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Counter-based random numbers: element i's value is a SplitMix64 hash of (seed, i), so every thread draws
/// independently with no state on the device, and one seed from the host's <see cref="RandomGenerator"/>
/// makes the whole tensor reproducible. (The stream differs from the CPU's, as CUDA's does from PyTorch's CPU.)
/// </summary>
public static class RandomKernels
{
    /// <summary>Uniform in [0, 1) with 24 random bits (every float32 multiple of 2⁻²⁴).</summary>
    public static float Uniform(ulong seed, int i)
    {
        ulong z = seed + (ulong)(i + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 40) * (1f / 16777216f);
    }

    /// <summary>mask[i] = scale where Uniform(seed, i) &lt; keep, else 0: inverted dropout's scaled keep mask.</summary>
    public static void DropoutMask(Index1D i, ArrayView<float> mask, ulong seed, float keep, float scale)
        => mask[i] = Uniform(seed, i) < keep ? scale : 0f;
}
