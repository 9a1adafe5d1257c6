using System.ComponentModel;

namespace GraphGen.Kernels.Cpu.Simd;

/// <summary>
/// A SIMD vector of floats as fused elementwise loops use it: the generated <c>*_simd&lt;V&gt;</c> methods are
/// written once against this interface and instantiated for <see cref="Simd512"/>, <see cref="Simd256"/> and
/// <see cref="Simd128"/> (the JIT specialises each). Floats convert implicitly (a broadcast), so an op's scalar
/// formula such as <c>in0 * 0.5f + in1</c> is also its vector formula.
/// </summary>
/// <remarks>Comparisons return a mask (all bits set where true) for <see cref="Select"/>. <see cref="Max"/> and
/// <see cref="Min"/> follow <see cref="MathF.Max(float, float)"/> (NaN propagates, +0 &gt; -0).</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ISimdFloat<TSelf> where TSelf : struct, ISimdFloat<TSelf>
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    /// <summary><see cref="Count"/> floats from <paramref name="source"/> starting at <paramref name="index"/> (bounds-checked).</summary>
    static abstract TSelf Load(ReadOnlySpan<float> source, int index);

    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/> starting at <paramref name="index"/> (bounds-checked).</summary>
    static abstract void Store(TSelf value, Span<float> destination, int index);

    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract implicit operator TSelf(float value);

    static abstract TSelf operator +(TSelf a, TSelf b);
    static abstract TSelf operator -(TSelf a, TSelf b);
    static abstract TSelf operator *(TSelf a, TSelf b);
    static abstract TSelf operator /(TSelf a, TSelf b);
    static abstract TSelf operator -(TSelf a);

    /// <summary>a·b + c rounded once (as <see cref="MathF.FusedMultiplyAdd"/> and TensorPrimitives.FusedMultiplyAdd).</summary>
    static abstract TSelf FusedMultiplyAdd(TSelf a, TSelf b, TSelf c);

    static abstract TSelf Max(TSelf a, TSelf b);
    static abstract TSelf Min(TSelf a, TSelf b);
    static abstract TSelf Abs(TSelf a);
    static abstract TSelf Sqrt(TSelf a);
    static abstract TSelf Exp(TSelf a);
    static abstract TSelf Log(TSelf a);

    /// <summary>-1, 0 or 1 per lane, as <see cref="MathF.Sign(float)"/> (0 for NaN, where MathF.Sign throws).</summary>
    static abstract TSelf Sign(TSelf a);

    static abstract TSelf GreaterThan(TSelf a, TSelf b);
    static abstract TSelf GreaterThanOrEqual(TSelf a, TSelf b);
    static abstract TSelf LessThan(TSelf a, TSelf b);
    static abstract TSelf LessThanOrEqual(TSelf a, TSelf b);

    /// <summary>Per lane: <paramref name="whenTrue"/> where <paramref name="mask"/> is set, else <paramref name="whenFalse"/> (C#'s <c>?:</c>).</summary>
    static abstract TSelf Select(TSelf mask, TSelf whenTrue, TSelf whenFalse);
}
