namespace GraphGen.Kernels.Gpu;

/// <summary>The float64-only launchers (the elementwise ones are generic, in GpuTensorOps.FloatingElementwise.cs).</summary>
internal static partial class GpuTensorOps
{
    /// <summary>Float32 or float64 (the dtypes the device computes in); anything else is a clear error naming the op and device.</summary>
    public static void RequireFloating(Tensor t, string op)
    {
        if (t.DType is not (DType.Float32 or DType.Float64))
            throw new NotSupportedException($"{op}: GPU kernels compute in float32 or float64, but got a tensor of dtype {t.DType.TorchName()} on {t.Device}; convert it with .To(DType.Float32).");
    }

    public static Tensor AsFloat64(Tensor t) => t.DType == DType.Float64 ? t : Convert(t, DType.Float64);

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
