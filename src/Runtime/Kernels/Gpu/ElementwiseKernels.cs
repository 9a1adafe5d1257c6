using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Elementwise kernels (ILGPU, implicitly grouped: one thread per output element, <c>Index1D</c> first).
/// Operands are read through a <see cref="StridedLayout"/>, so broadcast and strided views need no copy;
/// outputs are dense. The op is a struct type argument, so each instantiation is its own specialised kernel; the
/// floating-point kernels are generic over the element type (float for float32 tensors, double for float64).
/// </summary>
public static class ElementwiseKernels
{
    /// <summary>y[i] = op(x[i], parameter) over dense buffers.</summary>
    public static void Map<T, TOp>(Index1D i, ArrayView<T> x, ArrayView<T> y, T parameter) where T : unmanaged where TOp : struct, IUnaryOp<T>
        => y[i] = default(TOp).Apply(x[i], parameter);

    /// <summary>dx[i] = op(x[i], g[i], parameter): the backward of <see cref="Map{T, TOp}"/> from the saved input, over dense buffers.</summary>
    public static void MapBackward<T, TOp>(Index1D i, ArrayView<T> x, ArrayView<T> g, ArrayView<T> dx, T parameter) where T : unmanaged where TOp : struct, IUnaryGradOp<T>
        => dx[i] = default(TOp).Apply(x[i], g[i], parameter);

    /// <summary>c[i] = op(a[la(i)], b[lb(i)]): broadcasting binary op into a dense output.</summary>
    public static void Binary<T, TOp>(Index1D i, ArrayView<T> a, StridedLayout la, ArrayView<T> b, StridedLayout lb, ArrayView<T> c)
        where T : unmanaged where TOp : struct, IBinaryOp<T>
        => c[i] = default(TOp).Apply(a[la.OffsetOf(i)], b[lb.OffsetOf(i)]);

    /// <summary>y[i] = op(x[i]) on dense int64 buffers (integer neg, abs, relu).</summary>
    public static void MapInt64<TOp>(Index1D i, ArrayView<long> x, ArrayView<long> y) where TOp : struct, IInt64UnaryOp
        => y[i] = default(TOp).Apply(x[i]);

    /// <summary>c[i] = op(a[la(i)], b[lb(i)]) on int64 elements (integer arithmetic with broadcasting).</summary>
    public static void BinaryInt64<TOp>(Index1D i, ArrayView<long> a, StridedLayout la, ArrayView<long> b, StridedLayout lb, ArrayView<long> c)
        where TOp : struct, IInt64BinaryOp
        => c[i] = default(TOp).Apply(a[la.OffsetOf(i)], b[lb.OffsetOf(i)]);

    /// <summary>c[i] = a[la(i)] op b[lb(i)] on int64 elements as a bool mask (exact for every int64, unlike a float32 compare).</summary>
    public static void CompareInt64<TOp>(Index1D i, ArrayView<long> a, StridedLayout la, ArrayView<long> b, StridedLayout lb, ArrayView<byte> c)
        where TOp : struct, IInt64CompareOp
        => c[i] = default(TOp).Test(a[la.OffsetOf(i)], b[lb.OffsetOf(i)]) ? (byte)1 : (byte)0;

    /// <summary>c[i] = op(a[la(i)], s), or op(s, a[la(i)]) when <paramref name="scalarFirst"/> is 1: a host scalar operand.</summary>
    public static void BinaryScalar<T, TOp>(Index1D i, ArrayView<T> a, StridedLayout la, T s, int scalarFirst, ArrayView<T> c)
        where T : unmanaged where TOp : struct, IBinaryOp<T>
    {
        T v = a[la.OffsetOf(i)];
        c[i] = scalarFirst != 0 ? default(TOp).Apply(s, v) : default(TOp).Apply(v, s);
    }

    /// <summary>c[i] = a[la(i)] op b[lb(i)] as a byte 0/1 (bool) mask.</summary>
    public static void Compare<T, TOp>(Index1D i, ArrayView<T> a, StridedLayout la, ArrayView<T> b, StridedLayout lb, ArrayView<byte> c)
        where T : unmanaged where TOp : struct, ICompareOp<T>
        => c[i] = default(TOp).Test(a[la.OffsetOf(i)], b[lb.OffsetOf(i)]) ? (byte)1 : (byte)0;

    /// <summary>c[i] = a[la(i)] op s, or s op a[la(i)] when <paramref name="scalarFirst"/> is 1.</summary>
    public static void CompareScalar<T, TOp>(Index1D i, ArrayView<T> a, StridedLayout la, T s, int scalarFirst, ArrayView<byte> c)
        where T : unmanaged where TOp : struct, ICompareOp<T>
    {
        T v = a[la.OffsetOf(i)];
        bool r = scalarFirst != 0 ? default(TOp).Test(s, v) : default(TOp).Test(v, s);
        c[i] = r ? (byte)1 : (byte)0;
    }

    /// <summary>y[i] = convert(x[lx(i)]) between any two element types (read and written through double).</summary>
    public static void Convert<TIn, TOut, TRead, TWrite>(Index1D i, ArrayView<TIn> x, StridedLayout lx, ArrayView<TOut> y)
        where TIn : unmanaged where TOut : unmanaged
        where TRead : struct, IElementCodec<TIn> where TWrite : struct, IElementCodec<TOut>
        => y[i] = default(TWrite).Write(default(TRead).Read(x[lx.OffsetOf(i)]));

    /// <summary>dst[i] = src[l(i)]: makes a strided view dense (PyTorch's <c>contiguous()</c>).</summary>
    public static void Gather<T>(Index1D i, ArrayView<T> src, StridedLayout l, ArrayView<T> dst) where T : unmanaged
        => dst[i] = src[l.OffsetOf(i)];

    /// <summary>dst[l(i)] = src[i]: writes dense values into a strided view (in-place ops, <c>Copy_</c>).</summary>
    public static void Scatter<T>(Index1D i, ArrayView<T> src, ArrayView<T> dst, StridedLayout l) where T : unmanaged
        => dst[l.OffsetOf(i)] = src[i];

    /// <summary>dst[l(i)] = value (<c>Fill_</c>, <c>Zero_</c> on any view).</summary>
    public static void Fill<T>(Index1D i, ArrayView<T> dst, StridedLayout l, T value) where T : unmanaged
        => dst[l.OffsetOf(i)] = value;
}
