using ILGPU.Runtime;

namespace GraphGen.Kernels.Gpu;

internal static partial class GpuTensorOps
{
    /// <summary>Sum of all elements as a 0-d float32 tensor: a grid of shared-memory trees, then one group over their partials.</summary>
    public static Tensor SumAll(Tensor x)
    {
        if (!x.DType.IsFloating()) return SumAllInt64(x.DType == DType.Int64 ? x : Convert(x, DType.Int64));
        if (x.DType == DType.Float64) return SumAll64(x);
        RequireFloat32(x, "Sum");
        var src = x.IsContiguous ? x : Contiguous(x);
        int n = src.NumEl;
        var d = DeviceOf(src);
        var result = Empty(x.Device, DType.Float32, [], clear: true);
        if (n == 0) return result;
        const int group = ReductionKernels.SumGroupSize;
        int groups = Math.Min((n + group - 1) / group, group);
        var partials = GpuStorage.Allocate(x.Device, DType.Float32, groups, clear: false);
        var input = Gpu(src).View<float>().SubView(src.Offset, n);
        GpuLaunch.RunGrouped(d, ReductionKernels.SumPartials<float>, new ILGPU.KernelConfig(groups, group), input, partials.View<float>(), n);
        GpuLaunch.RunGrouped(d, ReductionKernels.SumPartials<float>, new ILGPU.KernelConfig(1, group), partials.View<float>(), Gpu(result).View<float>(), groups);
        partials.Release(); // safe: the stream runs the next user of this buffer after both launches
        return result;
    }

    /// <summary>Integer and bool tensors sum to an exact int64 0-d tensor (<paramref name="x"/> is int64 already).</summary>
    private static Tensor SumAllInt64(Tensor x)
    {
        var src = x.IsContiguous ? x : Contiguous(x);
        int n = src.NumEl;
        var d = DeviceOf(src);
        var result = Empty(x.Device, DType.Int64, [], clear: true);
        if (n == 0) return result;
        const int group = ReductionKernels.SumGroupSize;
        int groups = Math.Min((n + group - 1) / group, group);
        var partials = GpuStorage.Allocate(x.Device, DType.Int64, groups, clear: false);
        var input = Gpu(src).View<long>().SubView(src.Offset, n);
        GpuLaunch.RunGrouped(d, ReductionKernels.SumPartialsInt64, new ILGPU.KernelConfig(groups, group), input, partials.View<long>(), n);
        GpuLaunch.RunGrouped(d, ReductionKernels.SumPartialsInt64, new ILGPU.KernelConfig(1, group), partials.View<long>(), Gpu(result).View<long>(), groups);
        partials.Release();
        return result;
    }

    /// <summary>Sums dimension <paramref name="dim"/> keeping it as size 1 (the input viewed as [outer, n, inner]); int64 stays int64.</summary>
    public static Tensor SumDim(Tensor x, int dim)
    {
        var src = x.IsContiguous ? x : Contiguous(x);
        var (outer, n, inner) = Split(src.ShapeArray, dim);
        var shape = (int[])src.ShapeArray.Clone();
        shape[dim] = 1;
        if (x.DType == DType.Int64)
        {
            var sum = Empty(x.Device, DType.Int64, shape, clear: n == 0);
            if (n > 0)
                GpuLaunch.Run(DeviceOf(sum), ReductionKernels.SumRowsInt64, outer * inner, Gpu(src).View<long>().SubView(src.Offset, src.NumEl), Gpu(sum).View<long>(), n, inner);
            return sum;
        }
        if (x.DType == DType.Float64)
        {
            var sum = Empty(x.Device, DType.Float64, shape, clear: n == 0);
            if (n > 0)
                GpuLaunch.Run(DeviceOf(sum), ReductionKernels.SumRows<double>, outer * inner, Gpu(src).View<double>().SubView(src.Offset, src.NumEl), Gpu(sum).View<double>(), n, inner);
            return sum;
        }
        RequireFloat32(x, "Sum");
        var r = Empty(x.Device, DType.Float32, shape, clear: n == 0);
        if (n > 0)
            GpuLaunch.Run(DeviceOf(r), ReductionKernels.SumRows<float>, outer * inner, Gpu(src).View<float>().SubView(src.Offset, src.NumEl), Gpu(r).View<float>(), n, inner);
        return r;
    }

    /// <summary>Max or min over <paramref name="dim"/> with int64 indices, the dim kept as size 1.</summary>
    public static (Tensor Values, Tensor Indices) ArgExtreme(Tensor x, int dim, bool max)
    {
        if (x.DType is DType.Int64 or DType.Int32) return ArgExtremeInt64(x, dim, max);
        RequireFloating(x, max ? "Max" : "Min");
        var src = x.IsContiguous ? x : Contiguous(x);
        var (outer, n, inner) = x.Rank == 0 ? (1, 1, 1) : Split(src.ShapeArray, dim);
        var shape = (int[])src.ShapeArray.Clone();
        if (shape.Length > 0) shape[dim] = 1;
        var values = Empty(x.Device, x.DType, shape);
        var indices = Empty(x.Device, DType.Int64, shape);
        if (x.DType == DType.Float64)
        {
            GpuLaunch.Run(DeviceOf(src), ReductionKernels.ArgExtremeRows<double>, outer * inner, Gpu(src).View<double>().SubView(src.Offset, src.NumEl),
                Gpu(values).View<double>(), Gpu(indices).View<long>(), n, inner, max ? 1 : 0);
            return (values, indices);
        }
        GpuLaunch.Run(DeviceOf(src), ReductionKernels.ArgExtremeRows<float>, outer * inner, Gpu(src).View<float>().SubView(src.Offset, src.NumEl),
            Gpu(values).View<float>(), Gpu(indices).View<long>(), n, inner, max ? 1 : 0);
        return (values, indices);
    }

    /// <summary>Max or min of an integer tensor over <paramref name="dim"/>, computed in int64; the values keep the input's dtype.</summary>
    private static (Tensor Values, Tensor Indices) ArgExtremeInt64(Tensor x, int dim, bool max)
    {
        var src = x.DType == DType.Int64 ? x : Convert(x, DType.Int64);
        if (!src.IsContiguous) src = Contiguous(src);
        var (outer, n, inner) = x.Rank == 0 ? (1, 1, 1) : Split(src.ShapeArray, dim);
        var shape = (int[])src.ShapeArray.Clone();
        if (shape.Length > 0) shape[dim] = 1;
        var values = Empty(x.Device, DType.Int64, shape);
        var indices = Empty(x.Device, DType.Int64, shape);
        GpuLaunch.Run(DeviceOf(src), ReductionKernels.ArgExtremeRowsInt64, outer * inner, Gpu(src).View<long>().SubView(src.Offset, src.NumEl),
            Gpu(values).View<long>(), Gpu(indices).View<long>(), n, inner, max ? 1 : 0);
        return (x.DType == DType.Int64 ? values : Convert(values, x.DType), indices);
    }

    /// <summary>A zero tensor of <paramref name="shape"/> with <paramref name="g"/> written at <paramref name="indices"/> along <paramref name="dim"/>.</summary>
    public static Tensor ScatterAlongDim(Tensor g, Tensor indices, int dim, int[] shape)
    {
        RequireFloating(g, "MaxBackward");
        var result = Empty(g.Device, g.DType, shape, clear: true);
        var gc = g.IsContiguous ? g : Contiguous(g);
        var ic = indices.IsContiguous ? indices : Contiguous(indices);
        var (outer, n, inner) = shape.Length == 0 ? (1, 1, 1) : Split(shape, dim);
        if (g.DType == DType.Float64)
        {
            GpuLaunch.Run(DeviceOf(result), ReductionKernels.ScatterRows<double>, outer * inner, Gpu(gc).View<double>().SubView(gc.Offset, gc.NumEl),
                Gpu(ic).View<long>().SubView(ic.Offset, ic.NumEl), Gpu(result).View<double>(), n, inner);
            return result;
        }
        GpuLaunch.Run(DeviceOf(result), ReductionKernels.ScatterRows<float>, outer * inner, Gpu(gc).View<float>().SubView(gc.Offset, gc.NumEl),
            Gpu(ic).View<long>().SubView(ic.Offset, ic.NumEl), Gpu(result).View<float>(), n, inner);
        return result;
    }

    private static (int Outer, int N, int Inner) Split(int[] shape, int dim)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.Length; i++) inner *= shape[i];
        return (outer, shape[dim], inner);
    }
}
