using System.ComponentModel;
using System.Runtime.Intrinsics;

namespace GraphGen.Kernels.Cpu.Simd;

/// <summary><see cref="ISimdFloat{TSelf}"/> over <see cref="Vector128{T}"/>: correct on any CPU, fast where <see cref="Vector128.IsHardwareAccelerated"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Simd128 : ISimdFloat<Simd128>
{
    private readonly Vector128<float> _value;

    private Simd128(Vector128<float> value) => _value = value;

    public static int Count => Vector128<float>.Count;

    public static Simd128 Load(ReadOnlySpan<float> source, int index) => new(Vector128.Create(source.Slice(index)));

    public static void Store(Simd128 value, Span<float> destination, int index) => value._value.CopyTo(destination.Slice(index));

    public static implicit operator Simd128(float value) => new(Vector128.Create(value));

    public static Simd128 operator +(Simd128 a, Simd128 b) => new(a._value + b._value);
    public static Simd128 operator -(Simd128 a, Simd128 b) => new(a._value - b._value);
    public static Simd128 operator *(Simd128 a, Simd128 b) => new(a._value * b._value);
    public static Simd128 operator /(Simd128 a, Simd128 b) => new(a._value / b._value);
    public static Simd128 operator -(Simd128 a) => new(-a._value);

    public static Simd128 FusedMultiplyAdd(Simd128 a, Simd128 b, Simd128 c) => new(Vector128.FusedMultiplyAdd(a._value, b._value, c._value));
    public static Simd128 Max(Simd128 a, Simd128 b) => new(Vector128.Max(a._value, b._value));
    public static Simd128 Min(Simd128 a, Simd128 b) => new(Vector128.Min(a._value, b._value));
    public static Simd128 Abs(Simd128 a) => new(Vector128.Abs(a._value));
    public static Simd128 Sqrt(Simd128 a) => new(Vector128.Sqrt(a._value));
    public static Simd128 Exp(Simd128 a) => new(Vector128.Exp(a._value));
    public static Simd128 Log(Simd128 a) => new(Vector128.Log(a._value));

    public static Simd128 Sign(Simd128 a) => new(
        (Vector128.GreaterThan(a._value, Vector128<float>.Zero) & Vector128<float>.One)
        - (Vector128.LessThan(a._value, Vector128<float>.Zero) & Vector128<float>.One));

    public static Simd128 GreaterThan(Simd128 a, Simd128 b) => new(Vector128.GreaterThan(a._value, b._value));
    public static Simd128 GreaterThanOrEqual(Simd128 a, Simd128 b) => new(Vector128.GreaterThanOrEqual(a._value, b._value));
    public static Simd128 LessThan(Simd128 a, Simd128 b) => new(Vector128.LessThan(a._value, b._value));
    public static Simd128 LessThanOrEqual(Simd128 a, Simd128 b) => new(Vector128.LessThanOrEqual(a._value, b._value));

    public static Simd128 Select(Simd128 mask, Simd128 whenTrue, Simd128 whenFalse) => new(Vector128.ConditionalSelect(mask._value, whenTrue._value, whenFalse._value));
}
