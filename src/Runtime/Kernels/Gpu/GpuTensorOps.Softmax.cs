namespace GraphGen.Kernels.Gpu;

internal static partial class GpuTensorOps
{
    /// <summary>Softmax or log-softmax over the last dimension of a float32 or float64 tensor (one thread per row).</summary>
    public static Tensor SoftmaxLastDim(Tensor x, bool log)
    {
        RequireFloating(x, log ? "LogSoftmax" : "Softmax");
        var src = x.IsContiguous ? x : Contiguous(x);
        int n = src.Rank == 0 ? 1 : src.ShapeArray[^1];
        var y = Empty(x.Device, x.DType, x.ShapeArray);
        if (n == 0 || src.NumEl == 0) return y;
        if (x.DType == DType.Float64)
        {
            GpuLaunch.Run(DeviceOf(y), ReductionKernels64.SoftmaxRows, src.NumEl / n, Gpu(src).View<double>().SubView(src.Offset, src.NumEl), Gpu(y).View<double>(), n, log ? 1 : 0);
            return y;
        }
        GpuLaunch.Run(DeviceOf(y), SoftmaxKernels.SoftmaxRows, src.NumEl / n, Gpu(src).View<float>().SubView(src.Offset, src.NumEl), Gpu(y).View<float>(), n, log ? 1 : 0);
        return y;
    }
}
