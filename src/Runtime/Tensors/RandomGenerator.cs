namespace GraphGen;

/// <summary>
/// A seedable source of random numbers (PyTorch's <c>torch.Generator</c>). The same seed gives the
/// same tensors on every run and machine.
/// </summary>
public sealed partial class RandomGenerator
{
    private static RandomGenerator s_default = new(Environment.TickCount64);

    // xoshiro256** state: fast, well-tested, and fully specified here so streams never change.
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareGaussian;

    public RandomGenerator(long seed) => ManualSeed(seed);

    /// <summary>The generator used when none is passed (seed it with <see cref="Tensor.ManualSeed"/>).</summary>
    public static RandomGenerator Default => s_default;

    internal static void SeedDefault(long seed) => s_default = new RandomGenerator(seed);

    public RandomGenerator ManualSeed(long seed)
    {
        ulong x = (ulong)seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        _spareGaussian = null;
        return this;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) with 24 bits, so it never rounds up to 1.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform integer in [0, n).</summary>
    public long NextInt64(long n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "The upper bound must be positive.");
        return (long)((UInt128)NextUInt64() * (ulong)n >> 64);
    }

    /// <summary>Standard normal (Box–Muller).</summary>
    public double NextGaussian()
    {
        if (_spareGaussian is { } spare)
        {
            _spareGaussian = null;
            return spare;
        }
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A permutation of 0..n-1 (Fisher–Yates), as <c>torch.randperm</c>.</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)NextInt64(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
