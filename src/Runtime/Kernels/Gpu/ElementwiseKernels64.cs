using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The float64 forms of <see cref="ElementwiseKernels"/>: the same op structs (each implements its float and its
/// double interface) applied to double buffers, so float64 tensors are computed in double on the device.
/// </summary>
public static class ElementwiseKernels64
{
    /// <summary>y[i] = op(x[i], parameter) over dense buffers.</summary>
    public static void Map<TOp>(Index1D i, ArrayView<double> x, ArrayView<double> y, double parameter) where TOp : struct, IUnaryOp64
        => y[i] = default(TOp).Apply(x[i], parameter);

    /// <summary>dx[i] = op(x[i], g[i], parameter) over dense buffers.</summary>
    public static void MapBackward<TOp>(Index1D i, ArrayView<double> x, ArrayView<double> g, ArrayView<double> dx, double parameter) where TOp : struct, IUnaryGradOp64
        => dx[i] = default(TOp).Apply(x[i], g[i], parameter);

    /// <summary>c[i] = op(a[la(i)], b[lb(i)]) with broadcasting into a dense output.</summary>
    public static void Binary<TOp>(Index1D i, ArrayView<double> a, StridedLayout la, ArrayView<double> b, StridedLayout lb, ArrayView<double> c)
        where TOp : struct, IBinaryOp64
        => c[i] = default(TOp).Apply(a[la.OffsetOf(i)], b[lb.OffsetOf(i)]);

    /// <summary>c[i] = op(a[la(i)], s), or op(s, a[la(i)]) when <paramref name="scalarFirst"/> is 1.</summary>
    public static void BinaryScalar<TOp>(Index1D i, ArrayView<double> a, StridedLayout la, double s, int scalarFirst, ArrayView<double> c)
        where TOp : struct, IBinaryOp64
    {
        double v = a[la.OffsetOf(i)];
        c[i] = scalarFirst != 0 ? default(TOp).Apply(s, v) : default(TOp).Apply(v, s);
    }

    /// <summary>c[i] = a[la(i)] op b[lb(i)] as a bool mask.</summary>
    public static void Compare<TOp>(Index1D i, ArrayView<double> a, StridedLayout la, ArrayView<double> b, StridedLayout lb, ArrayView<byte> c)
        where TOp : struct, ICompareOp64
        => c[i] = default(TOp).Test(a[la.OffsetOf(i)], b[lb.OffsetOf(i)]) ? (byte)1 : (byte)0;

    /// <summary>c[i] = a[la(i)] op s, or s op a[la(i)] when <paramref name="scalarFirst"/> is 1.</summary>
    public static void CompareScalar<TOp>(Index1D i, ArrayView<double> a, StridedLayout la, double s, int scalarFirst, ArrayView<byte> c)
        where TOp : struct, ICompareOp64
    {
        double v = a[la.OffsetOf(i)];
        bool r = scalarFirst != 0 ? default(TOp).Test(s, v) : default(TOp).Test(v, s);
        c[i] = r ? (byte)1 : (byte)0;
    }
}
