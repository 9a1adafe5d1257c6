namespace GraphGen.Kernels.Gpu;

/// <summary>The float64 launchers: what the ops call for float64 tensors (computed in double on the device).</summary>
internal static partial class GpuTensorOps
{
    /// <summary>Float32 or float64 (the dtypes the device computes in); anything else is a clear error naming the op and device.</summary>
    public static void RequireFloating(Tensor t, string op)
    {
        if (t.DType is not (DType.Float32 or DType.Float64))
            throw new NotSupportedException($"{op}: GPU kernels compute in float32 or float64, but got a tensor of dtype {t.DType.TorchName()} on {t.Device}; convert it with .To(DType.Float32).");
    }

    public static Tensor AsFloat64(Tensor t) => t.DType == DType.Float64 ? t : Convert(t, DType.Float64);

    private static void BinaryInto64(Tensor.BinaryKind kind, Tensor a, Tensor b, Tensor c, string op)
    {
        var shape = c.ShapeArray;
        var d = DeviceOf(c);
        int n = c.NumEl;
        var cv = Gpu(c).View<double>().SubView(c.Offset, n);
        if (IsHostScalar(a) || IsHostScalar(b))
        {
            bool scalarFirst = IsHostScalar(a);
            var t = AsFloat64(scalarFirst ? b : a);
            double s = (scalarFirst ? a : b).ToArray<double>()[0];
            var lt = LayoutAs(t, shape, op);
            var tv = Gpu(t).View<double>();
            int first = scalarFirst ? 1 : 0;
            switch (kind)
            {
                case Tensor.BinaryKind.Add: GpuLaunch.Run(d, ElementwiseKernels64.BinaryScalar<AddOp>, n, tv, lt, s, first, cv); break;
                case Tensor.BinaryKind.Sub: GpuLaunch.Run(d, ElementwiseKernels64.BinaryScalar<SubOp>, n, tv, lt, s, first, cv); break;
                case Tensor.BinaryKind.Mul: GpuLaunch.Run(d, ElementwiseKernels64.BinaryScalar<MulOp>, n, tv, lt, s, first, cv); break;
                case Tensor.BinaryKind.Div: GpuLaunch.Run(d, ElementwiseKernels64.BinaryScalar<DivOp>, n, tv, lt, s, first, cv); break;
                case Tensor.BinaryKind.Pow: GpuLaunch.Run(d, ElementwiseKernels64.BinaryScalar<PowOp>, n, tv, lt, s, first, cv); break;
                case Tensor.BinaryKind.Maximum: GpuLaunch.Run(d, ElementwiseKernels64.BinaryScalar<MaxOp>, n, tv, lt, s, first, cv); break;
                default: GpuLaunch.Run(d, ElementwiseKernels64.BinaryScalar<MinOp>, n, tv, lt, s, first, cv); break;
            }
            return;
        }
        Tensor fa = AsFloat64(a), fb = AsFloat64(b);
        var la = LayoutAs(fa, shape, op);
        var lb = LayoutAs(fb, shape, op);
        var av = Gpu(fa).View<double>();
        var bv = Gpu(fb).View<double>();
        switch (kind)
        {
            case Tensor.BinaryKind.Add: GpuLaunch.Run(d, ElementwiseKernels64.Binary<AddOp>, n, av, la, bv, lb, cv); break;
            case Tensor.BinaryKind.Sub: GpuLaunch.Run(d, ElementwiseKernels64.Binary<SubOp>, n, av, la, bv, lb, cv); break;
            case Tensor.BinaryKind.Mul: GpuLaunch.Run(d, ElementwiseKernels64.Binary<MulOp>, n, av, la, bv, lb, cv); break;
            case Tensor.BinaryKind.Div: GpuLaunch.Run(d, ElementwiseKernels64.Binary<DivOp>, n, av, la, bv, lb, cv); break;
            case Tensor.BinaryKind.Pow: GpuLaunch.Run(d, ElementwiseKernels64.Binary<PowOp>, n, av, la, bv, lb, cv); break;
            case Tensor.BinaryKind.Maximum: GpuLaunch.Run(d, ElementwiseKernels64.Binary<MaxOp>, n, av, la, bv, lb, cv); break;
            default: GpuLaunch.Run(d, ElementwiseKernels64.Binary<MinOp>, n, av, la, bv, lb, cv); break;
        }
    }

    private static Tensor Compare64(Tensor.CompareKind kind, Tensor a, Tensor b, Device device, int[] shape, string op)
    {
        var c = Empty(device, DType.Bool, shape);
        var d = DeviceOf(c);
        int n = c.NumEl;
        var cv = Gpu(c).View<byte>();
        if (IsHostScalar(a) || IsHostScalar(b))
        {
            bool scalarFirst = IsHostScalar(a);
            var t = AsFloat64(scalarFirst ? b : a);
            double s = (scalarFirst ? a : b).ToArray<double>()[0];
            var lt = LayoutAs(t, shape, op);
            var tv = Gpu(t).View<double>();
            int first = scalarFirst ? 1 : 0;
            switch (kind)
            {
                case Tensor.CompareKind.Eq: GpuLaunch.Run(d, ElementwiseKernels64.CompareScalar<EqOp>, n, tv, lt, s, first, cv); break;
                case Tensor.CompareKind.Ne: GpuLaunch.Run(d, ElementwiseKernels64.CompareScalar<NeOp>, n, tv, lt, s, first, cv); break;
                case Tensor.CompareKind.Lt: GpuLaunch.Run(d, ElementwiseKernels64.CompareScalar<LtOp>, n, tv, lt, s, first, cv); break;
                case Tensor.CompareKind.Le: GpuLaunch.Run(d, ElementwiseKernels64.CompareScalar<LeOp>, n, tv, lt, s, first, cv); break;
                case Tensor.CompareKind.Gt: GpuLaunch.Run(d, ElementwiseKernels64.CompareScalar<GtOp>, n, tv, lt, s, first, cv); break;
                default: GpuLaunch.Run(d, ElementwiseKernels64.CompareScalar<GeOp>, n, tv, lt, s, first, cv); break;
            }
            return c;
        }
        Tensor fa = AsFloat64(a), fb = AsFloat64(b);
        var la = LayoutAs(fa, shape, op);
        var lb = LayoutAs(fb, shape, op);
        var av = Gpu(fa).View<double>();
        var bv = Gpu(fb).View<double>();
        switch (kind)
        {
            case Tensor.CompareKind.Eq: GpuLaunch.Run(d, ElementwiseKernels64.Compare<EqOp>, n, av, la, bv, lb, cv); break;
            case Tensor.CompareKind.Ne: GpuLaunch.Run(d, ElementwiseKernels64.Compare<NeOp>, n, av, la, bv, lb, cv); break;
            case Tensor.CompareKind.Lt: GpuLaunch.Run(d, ElementwiseKernels64.Compare<LtOp>, n, av, la, bv, lb, cv); break;
            case Tensor.CompareKind.Le: GpuLaunch.Run(d, ElementwiseKernels64.Compare<LeOp>, n, av, la, bv, lb, cv); break;
            case Tensor.CompareKind.Gt: GpuLaunch.Run(d, ElementwiseKernels64.Compare<GtOp>, n, av, la, bv, lb, cv); break;
            default: GpuLaunch.Run(d, ElementwiseKernels64.Compare<GeOp>, n, av, la, bv, lb, cv); break;
        }
        return c;
    }

    private static Tensor Unary64<TOp>(Tensor x, double parameter) where TOp : struct, IUnaryOp64
    {
        var src = x.IsContiguous ? x : Contiguous(x);
        var y = Empty(x.Device, DType.Float64, x.ShapeArray);
        int n = y.NumEl;
        GpuLaunch.Run(DeviceOf(y), ElementwiseKernels64.Map<TOp>, n, Gpu(src).View<double>().SubView(src.Offset, n), Gpu(y).View<double>(), parameter);
        return y;
    }

    private static Tensor UnaryBackward64<TOp>(Tensor x, Tensor g, double parameter) where TOp : struct, IUnaryGradOp64
    {
        var xs = x.IsContiguous ? x : Contiguous(x);
        var gs = AsFloat64(g.IsContiguous ? g : Contiguous(g));
        var dx = Empty(x.Device, DType.Float64, x.ShapeArray);
        int n = dx.NumEl;
        GpuLaunch.Run(DeviceOf(dx), ElementwiseKernels64.MapBackward<TOp>, n, Gpu(xs).View<double>().SubView(xs.Offset, n),
            Gpu(gs).View<double>().SubView(gs.Offset, n), Gpu(dx).View<double>(), parameter);
        return dx;
    }

    private static Tensor SumAll64(Tensor x)
    {
        var src = x.IsContiguous ? x : Contiguous(x);
        int n = src.NumEl;
        var d = DeviceOf(src);
        var result = Empty(x.Device, DType.Float64, [], clear: true);
        if (n == 0) return result;
        const int group = ReductionKernels.SumGroupSize;
        int groups = Math.Min((n + group - 1) / group, group);
        var partials = GpuStorage.Allocate(x.Device, DType.Float64, groups, clear: false);
        GpuLaunch.RunGrouped(d, ReductionKernels.SumPartials<double>, new ILGPU.KernelConfig(groups, group), Gpu(src).View<double>().SubView(src.Offset, n), partials.View<double>(), n);
        GpuLaunch.RunGrouped(d, ReductionKernels.SumPartials<double>, new ILGPU.KernelConfig(1, group), partials.View<double>(), Gpu(result).View<double>(), groups);
        partials.Release();
        return result;
    }

    private static void MatMul64(Tensor a, Tensor b, Tensor c, GemmArgs args, int batches) =>
        LaunchGemm<double, Float64Math>(DeviceOf(c), Gpu(a).View<double>(), Gpu(b).View<double>(), Gpu(c).View<double>(), default, args, batches);
}
