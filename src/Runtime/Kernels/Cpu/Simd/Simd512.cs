using System.ComponentModel;
using System.Runtime.Intrinsics;

namespace GraphGen.Kernels.Cpu.Simd;

/// <summary><see cref="ISimdFloat{TSelf}"/> over <see cref="Vector512{T}"/>: correct on any CPU, fast where <see cref="Vector512.IsHardwareAccelerated"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Simd512 : ISimdFloat<Simd512>
{
    private readonly Vector512<float> _value;

    private Simd512(Vector512<float> value) => _value = value;

    public static int Count => Vector512<float>.Count;

    public static Simd512 Load(ReadOnlySpan<float> source, int index) => new(Vector512.Create(source.Slice(index)));

    public static void Store(Simd512 value, Span<float> destination, int index) => value._value.CopyTo(destination.Slice(index));

    public static implicit operator Simd512(float value) => new(Vector512.Create(value));

    public static Simd512 operator +(Simd512 a, Simd512 b) => new(a._value + b._value);
    public static Simd512 operator -(Simd512 a, Simd512 b) => new(a._value - b._value);
    public static Simd512 operator *(Simd512 a, Simd512 b) => new(a._value * b._value);
    public static Simd512 operator /(Simd512 a, Simd512 b) => new(a._value / b._value);
    public static Simd512 operator -(Simd512 a) => new(-a._value);

    public static Simd512 FusedMultiplyAdd(Simd512 a, Simd512 b, Simd512 c) => new(Vector512.FusedMultiplyAdd(a._value, b._value, c._value));
    public static Simd512 Max(Simd512 a, Simd512 b) => new(Vector512.Max(a._value, b._value));
    public static Simd512 Min(Simd512 a, Simd512 b) => new(Vector512.Min(a._value, b._value));
    public static Simd512 Abs(Simd512 a) => new(Vector512.Abs(a._value));
    public static Simd512 Sqrt(Simd512 a) => new(Vector512.Sqrt(a._value));
    public static Simd512 Exp(Simd512 a) => new(Vector512.Exp(a._value));
    public static Simd512 Log(Simd512 a) => new(Vector512.Log(a._value));

    public static Simd512 Sign(Simd512 a) => new(
        (Vector512.GreaterThan(a._value, Vector512<float>.Zero) & Vector512<float>.One)
        - (Vector512.LessThan(a._value, Vector512<float>.Zero) & Vector512<float>.One));

    public static Simd512 GreaterThan(Simd512 a, Simd512 b) => new(Vector512.GreaterThan(a._value, b._value));
    public static Simd512 GreaterThanOrEqual(Simd512 a, Simd512 b) => new(Vector512.GreaterThanOrEqual(a._value, b._value));
    public static Simd512 LessThan(Simd512 a, Simd512 b) => new(Vector512.LessThan(a._value, b._value));
    public static Simd512 LessThanOrEqual(Simd512 a, Simd512 b) => new(Vector512.LessThanOrEqual(a._value, b._value));

    public static Simd512 Select(Simd512 mask, Simd512 whenTrue, Simd512 whenFalse) => new(Vector512.ConditionalSelect(mask._value, whenTrue._value, whenFalse._value));
}
