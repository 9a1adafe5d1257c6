using System.Numerics;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The floating-point elementwise launchers, generic over the element type: float for
/// float32 tensors and double for float64 ones (computed in double on the device), with one op struct serving both.
/// The public entry points pick the op by its kind and the precision by the dtype.
/// </summary>
internal static partial class GpuTensorOps
{
    /// <summary>Writes op(a, b) into the dense <typeparamref name="T"/> tensor <paramref name="c"/>; a host scalar operand is passed by value.</summary>
    private static void BinaryIntoAs<T, TOp>(Tensor a, Tensor b, Tensor c, string op)
        where T : unmanaged, INumberBase<T> where TOp : struct, IBinaryOp<T>
    {
        var shape = c.ShapeArray;
        var d = DeviceOf(c);
        int n = c.NumEl;
        var cv = Gpu(c).View<T>().SubView(c.Offset, n);
        if (IsHostScalar(a) || IsHostScalar(b))
        {
            bool scalarFirst = IsHostScalar(a);
            var t = AsFloating(scalarFirst ? b : a, c.DType);
            T s = T.CreateTruncating((scalarFirst ? a : b).ToArray<double>()[0]);
            GpuLaunch.Run(d, ElementwiseKernels.BinaryScalar<T, TOp>, n, Gpu(t).View<T>(), LayoutAs(t, shape, op), s, scalarFirst ? 1 : 0, cv);
            return;
        }
        Tensor fa = AsFloating(a, c.DType), fb = AsFloating(b, c.DType);
        GpuLaunch.Run(d, ElementwiseKernels.Binary<T, TOp>, n, Gpu(fa).View<T>(), LayoutAs(fa, shape, op), Gpu(fb).View<T>(), LayoutAs(fb, shape, op), cv);
    }

    /// <summary>a op b as a new bool mask of <paramref name="shape"/>, both operands compared as <typeparamref name="T"/>.</summary>
    private static Tensor CompareAs<T, TOp>(Tensor a, Tensor b, Device device, int[] shape, string op)
        where T : unmanaged, INumberBase<T> where TOp : struct, ICompareOp<T>
    {
        var dtype = DTypes.Of<T>();
        var c = Empty(device, DType.Bool, shape);
        var d = DeviceOf(c);
        int n = c.NumEl;
        var cv = Gpu(c).View<byte>();
        if (IsHostScalar(a) || IsHostScalar(b))
        {
            bool scalarFirst = IsHostScalar(a);
            var t = AsFloating(scalarFirst ? b : a, dtype);
            T s = T.CreateTruncating((scalarFirst ? a : b).ToArray<double>()[0]);
            GpuLaunch.Run(d, ElementwiseKernels.CompareScalar<T, TOp>, n, Gpu(t).View<T>(), LayoutAs(t, shape, op), s, scalarFirst ? 1 : 0, cv);
            return c;
        }
        Tensor fa = AsFloating(a, dtype), fb = AsFloating(b, dtype);
        GpuLaunch.Run(d, ElementwiseKernels.Compare<T, TOp>, n, Gpu(fa).View<T>(), LayoutAs(fa, shape, op), Gpu(fb).View<T>(), LayoutAs(fb, shape, op), cv);
        return c;
    }

    /// <summary>op(x) into a new <typeparamref name="T"/> tensor (x converted and made dense first).</summary>
    private static Tensor UnaryAs<T, TOp>(Tensor x, T parameter) where T : unmanaged where TOp : struct, IUnaryOp<T>
    {
        var dtype = DTypes.Of<T>();
        var src = AsFloating(x, dtype);
        if (!src.IsContiguous) src = Contiguous(src);
        var y = Empty(x.Device, dtype, x.ShapeArray);
        int n = y.NumEl;
        GpuLaunch.Run(DeviceOf(y), ElementwiseKernels.Map<T, TOp>, n, Gpu(src).View<T>().SubView(src.Offset, n), Gpu(y).View<T>(), parameter);
        return y;
    }

    /// <summary>dx = op(x, g) into a new <typeparamref name="T"/> tensor; x and g are of one shape and already of dtype T.</summary>
    private static Tensor UnaryBackwardAs<T, TOp>(Tensor x, Tensor g, T parameter) where T : unmanaged where TOp : struct, IUnaryGradOp<T>
    {
        var xs = x.IsContiguous ? x : Contiguous(x);
        var gs = g.IsContiguous ? g : Contiguous(g);
        var dx = Empty(x.Device, DTypes.Of<T>(), x.ShapeArray);
        int n = dx.NumEl;
        GpuLaunch.Run(DeviceOf(dx), ElementwiseKernels.MapBackward<T, TOp>, n, Gpu(xs).View<T>().SubView(xs.Offset, n),
            Gpu(gs).View<T>().SubView(gs.Offset, n), Gpu(dx).View<T>(), parameter);
        return dx;
    }

    private static Tensor AsFloating(Tensor t, DType dtype) => t.DType == dtype ? t : Convert(t, dtype);

    private static void FloatingBinaryInto<TOp>(Tensor a, Tensor b, Tensor c, string op) where TOp : struct, IBinaryOp<float>, IBinaryOp<double>
    {
        if (c.DType == DType.Float64) BinaryIntoAs<double, TOp>(a, b, c, op);
        else BinaryIntoAs<float, TOp>(a, b, c, op);
    }

    private static Tensor FloatingCompare<TOp>(Tensor a, Tensor b, bool inDouble, Device device, int[] shape, string op)
        where TOp : struct, ICompareOp<float>, ICompareOp<double>
        => inDouble ? CompareAs<double, TOp>(a, b, device, shape, op) : CompareAs<float, TOp>(a, b, device, shape, op);
}
