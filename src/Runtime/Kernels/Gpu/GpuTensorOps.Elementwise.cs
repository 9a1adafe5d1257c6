namespace GraphGen.Kernels.Gpu;

internal static partial class GpuTensorOps
{
    /// <summary>
    /// op(a, b) with broadcasting into a new float32 tensor. One operand may be a CPU 0-d tensor (a scalar,
    /// as PyTorch allows next to CUDA tensors); otherwise both must be on the same device.
    /// </summary>
    public static Tensor Binary(Tensor.BinaryKind kind, Tensor a, Tensor b, DType resultType, string op)
    {
        var device = CommonDevice(a, b, op);
        if (resultType is DType.Int64 or DType.Int32) return BinaryInt64(kind, a, b, resultType, device, op);
        if (resultType is not (DType.Float32 or DType.Float64))
            throw new NotSupportedException($"{op}: GPU kernels compute in float32, float64 or int64, but the operands ({a.DType.TorchName()}, {b.DType.TorchName()}) give {resultType.TorchName()} on {device}.");
        var shape = Shape.Broadcast(a.ShapeArray, b.ShapeArray, op);
        var c = Empty(device, resultType, shape);
        BinaryInto(kind, a, b, c, op);
        return c;
    }

    /// <summary>Writes op(a, b) into the dense float32 or float64 tensor <paramref name="c"/> (which may be a itself: same order of reads and writes).</summary>
    public static void BinaryInto(Tensor.BinaryKind kind, Tensor a, Tensor b, Tensor c, string op)
    {
        CommonDevice(a, b, op);
        if (c.DType is DType.Int64 or DType.Int32)
        {
            WriteInto(c, Binary(kind, a, b, c.DType, op)); // integer in-place ops: computed densely, then written
            return;
        }
        if (c.DType != DType.Float64) RequireFloat32(c, op);
        switch (kind)
        {
            case Tensor.BinaryKind.Add: FloatingBinaryInto<AddOp>(a, b, c, op); break;
            case Tensor.BinaryKind.Sub: FloatingBinaryInto<SubOp>(a, b, c, op); break;
            case Tensor.BinaryKind.Mul: FloatingBinaryInto<MulOp>(a, b, c, op); break;
            case Tensor.BinaryKind.Div: FloatingBinaryInto<DivOp>(a, b, c, op); break;
            case Tensor.BinaryKind.Pow: FloatingBinaryInto<PowOp>(a, b, c, op); break;
            case Tensor.BinaryKind.Maximum: FloatingBinaryInto<MaxOp>(a, b, c, op); break;
            default: FloatingBinaryInto<MinOp>(a, b, c, op); break;
        }
    }

    /// <summary>a op b as a bool mask, broadcasting: integers and bools compared exactly in int64, float64 in double, the rest in float32.</summary>
    public static Tensor Compare(Tensor.CompareKind kind, Tensor a, Tensor b, string op)
    {
        var device = CommonDevice(a, b, op);
        var shape = Shape.Broadcast(a.ShapeArray, b.ShapeArray, op);
        if (!a.DType.IsFloating() && !b.DType.IsFloating()) return CompareInt64(kind, a, b, device, shape, op);
        bool inDouble = DTypes.Promote(a.DType, b.DType) == DType.Float64;
        return kind switch
        {
            Tensor.CompareKind.Eq => FloatingCompare<EqOp>(a, b, inDouble, device, shape, op),
            Tensor.CompareKind.Ne => FloatingCompare<NeOp>(a, b, inDouble, device, shape, op),
            Tensor.CompareKind.Lt => FloatingCompare<LtOp>(a, b, inDouble, device, shape, op),
            Tensor.CompareKind.Le => FloatingCompare<LeOp>(a, b, inDouble, device, shape, op),
            Tensor.CompareKind.Gt => FloatingCompare<GtOp>(a, b, inDouble, device, shape, op),
            _ => FloatingCompare<GeOp>(a, b, inDouble, device, shape, op),
        };
    }

    /// <summary>op(x) elementwise into a new float32 (or, for float64 input, float64) tensor; integer and bool inputs are converted to float32 first, as PyTorch's exp/log do.</summary>
    public static Tensor Unary<TOp>(Tensor x, string op, float parameter = 0f) where TOp : struct, IUnaryOp<float>, IUnaryOp<double>
        => x.DType == DType.Float64 ? UnaryAs<double, TOp>(x, parameter) : UnaryAs<float, TOp>(x, parameter);

    /// <summary>Integer add/sub/mul/maximum/minimum, computed in int64 (exact) and narrowed to int32 when that is the result type.</summary>
    private static Tensor BinaryInt64(Tensor.BinaryKind kind, Tensor a, Tensor b, DType resultType, Device device, string op)
    {
        var shape = Shape.Broadcast(a.ShapeArray, b.ShapeArray, op);
        Tensor ia = AsInt64(a, device), ib = AsInt64(b, device);
        var c = Empty(device, DType.Int64, shape);
        var (la, lb) = (LayoutAs(ia, shape, op), LayoutAs(ib, shape, op));
        var (av, bv, cv) = (Gpu(ia).View<long>(), Gpu(ib).View<long>(), Gpu(c).View<long>());
        var d = DeviceOf(c);
        int n = c.NumEl;
        switch (kind)
        {
            case Tensor.BinaryKind.Add: GpuLaunch.Run(d, ElementwiseKernels.BinaryInt64<AddInt64Op>, n, av, la, bv, lb, cv); break;
            case Tensor.BinaryKind.Sub: GpuLaunch.Run(d, ElementwiseKernels.BinaryInt64<SubInt64Op>, n, av, la, bv, lb, cv); break;
            case Tensor.BinaryKind.Mul: GpuLaunch.Run(d, ElementwiseKernels.BinaryInt64<MulInt64Op>, n, av, la, bv, lb, cv); break;
            case Tensor.BinaryKind.Maximum: GpuLaunch.Run(d, ElementwiseKernels.BinaryInt64<MaxInt64Op>, n, av, la, bv, lb, cv); break;
            case Tensor.BinaryKind.Minimum: GpuLaunch.Run(d, ElementwiseKernels.BinaryInt64<MinInt64Op>, n, av, la, bv, lb, cv); break;
            default: throw new NotSupportedException($"{op} on integer tensors is not supported.");
        }
        return resultType == DType.Int64 ? c : Convert(c, resultType);
    }

    /// <summary>A comparison of two integer or bool operands, exact in int64.</summary>
    private static Tensor CompareInt64(Tensor.CompareKind kind, Tensor a, Tensor b, Device device, int[] shape, string op)
    {
        Tensor ia = AsInt64(a, device), ib = AsInt64(b, device);
        var c = Empty(device, DType.Bool, shape);
        var (la, lb) = (LayoutAs(ia, shape, op), LayoutAs(ib, shape, op));
        var (av, bv, cv) = (Gpu(ia).View<long>(), Gpu(ib).View<long>(), Gpu(c).View<byte>());
        var d = DeviceOf(c);
        int n = c.NumEl;
        switch (kind)
        {
            case Tensor.CompareKind.Eq: GpuLaunch.Run(d, ElementwiseKernels.CompareInt64<EqOp>, n, av, la, bv, lb, cv); break;
            case Tensor.CompareKind.Ne: GpuLaunch.Run(d, ElementwiseKernels.CompareInt64<NeOp>, n, av, la, bv, lb, cv); break;
            case Tensor.CompareKind.Lt: GpuLaunch.Run(d, ElementwiseKernels.CompareInt64<LtOp>, n, av, la, bv, lb, cv); break;
            case Tensor.CompareKind.Le: GpuLaunch.Run(d, ElementwiseKernels.CompareInt64<LeOp>, n, av, la, bv, lb, cv); break;
            case Tensor.CompareKind.Gt: GpuLaunch.Run(d, ElementwiseKernels.CompareInt64<GtOp>, n, av, la, bv, lb, cv); break;
            default: GpuLaunch.Run(d, ElementwiseKernels.CompareInt64<GeOp>, n, av, la, bv, lb, cv); break;
        }
        return c;
    }

    /// <summary>An int64 operand on <paramref name="device"/>: converted there, or (a host scalar) copied over as a 0-d tensor.</summary>
    private static Tensor AsInt64(Tensor t, Device device)
    {
        if (IsHostScalar(t)) t = ToDevice(t.DType == DType.Int64 ? t : t.To(DType.Int64), device);
        return t.DType == DType.Int64 ? t : Convert(t, DType.Int64);
    }

    /// <summary>Neg, abs or relu keeping the dtype: floating tensors by <see cref="Unary{TOp}"/>, integers in int64 (narrowed back to int32).</summary>
    public static Tensor SameTypeUnary<TOp>(Tensor x, string op) where TOp : struct, IUnaryOp<float>, IUnaryOp<double>, IInt64UnaryOp
    {
        if (x.DType.IsFloating()) return Unary<TOp>(x, op);
        if (x.DType == DType.Bool) throw new NotSupportedException($"{op}: not supported for bool tensors.");
        var src = x.DType == DType.Int64 ? x : Convert(x, DType.Int64);
        if (!src.IsContiguous) src = Contiguous(src);
        var y = Empty(x.Device, DType.Int64, x.ShapeArray);
        int n = y.NumEl;
        GpuLaunch.Run(DeviceOf(y), ElementwiseKernels.MapInt64<TOp>, n, Gpu(src).View<long>().SubView(src.Offset, n), Gpu(y).View<long>());
        return x.DType == DType.Int64 ? y : Convert(y, x.DType);
    }

    private static bool IsHostScalar(Tensor t) => t.Storage is CpuStorage && t.Rank == 0;

    /// <summary>The device both operands live on (a CPU 0-d scalar goes with either), or the same-device error.</summary>
    private static Device CommonDevice(Tensor a, Tensor b, string op)
    {
        if (IsHostScalar(b)) return a.Device;
        if (IsHostScalar(a)) return b.Device;
        a.EnsureSameDevice(b, op);
        return a.Device;
    }
}
