using System.ComponentModel;
using System.Runtime.Intrinsics;

namespace GraphGen.Kernels.Cpu.Simd;

/// <summary><see cref="ISimdFloat{TSelf}"/> over <see cref="Vector256{T}"/>: correct on any CPU, fast where <see cref="Vector256.IsHardwareAccelerated"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Simd256 : ISimdFloat<Simd256>
{
    private readonly Vector256<float> _value;

    private Simd256(Vector256<float> value) => _value = value;

    public static int Count => Vector256<float>.Count;

    public static Simd256 Load(ReadOnlySpan<float> source, int index) => new(Vector256.Create(source.Slice(index)));

    public static void Store(Simd256 value, Span<float> destination, int index) => value._value.CopyTo(destination.Slice(index));

    public static implicit operator Simd256(float value) => new(Vector256.Create(value));

    public static Simd256 operator +(Simd256 a, Simd256 b) => new(a._value + b._value);
    public static Simd256 operator -(Simd256 a, Simd256 b) => new(a._value - b._value);
    public static Simd256 operator *(Simd256 a, Simd256 b) => new(a._value * b._value);
    public static Simd256 operator /(Simd256 a, Simd256 b) => new(a._value / b._value);
    public static Simd256 operator -(Simd256 a) => new(-a._value);

    public static Simd256 FusedMultiplyAdd(Simd256 a, Simd256 b, Simd256 c) => new(Vector256.FusedMultiplyAdd(a._value, b._value, c._value));
    public static Simd256 Max(Simd256 a, Simd256 b) => new(Vector256.Max(a._value, b._value));
    public static Simd256 Min(Simd256 a, Simd256 b) => new(Vector256.Min(a._value, b._value));
    public static Simd256 Abs(Simd256 a) => new(Vector256.Abs(a._value));
    public static Simd256 Sqrt(Simd256 a) => new(Vector256.Sqrt(a._value));
    public static Simd256 Exp(Simd256 a) => new(Vector256.Exp(a._value));
    public static Simd256 Log(Simd256 a) => new(Vector256.Log(a._value));

    public static Simd256 Sign(Simd256 a) => new(
        (Vector256.GreaterThan(a._value, Vector256<float>.Zero) & Vector256<float>.One)
        - (Vector256.LessThan(a._value, Vector256<float>.Zero) & Vector256<float>.One));

    public static Simd256 GreaterThan(Simd256 a, Simd256 b) => new(Vector256.GreaterThan(a._value, b._value));
    public static Simd256 GreaterThanOrEqual(Simd256 a, Simd256 b) => new(Vector256.GreaterThanOrEqual(a._value, b._value));
    public static Simd256 LessThan(Simd256 a, Simd256 b) => new(Vector256.LessThan(a._value, b._value));
    public static Simd256 LessThanOrEqual(Simd256 a, Simd256 b) => new(Vector256.LessThanOrEqual(a._value, b._value));

    public static Simd256 Select(Simd256 mask, Simd256 whenTrue, Simd256 whenFalse) => new(Vector256.ConditionalSelect(mask._value, whenTrue._value, whenFalse._value));
}
