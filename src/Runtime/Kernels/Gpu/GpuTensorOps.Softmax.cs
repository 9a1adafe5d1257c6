namespace GraphGen.Kernels.Gpu;

internal static partial class GpuTensorOps
{
    /// <summary>Softmax or log-softmax of a contiguous float32 or float64 tensor viewed as [outer, n, inner], along n (one thread per block).</summary>
    public static Tensor Softmax(Tensor x, int outer, int n, int inner, bool log)
    {
        RequireFloating(x, log ? "LogSoftmax" : "Softmax");
        var y = Empty(x.Device, x.DType, x.ShapeArray);
        if (n == 0 || x.NumEl == 0) return y;
        int blocks = outer * inner;
        if (x.DType == DType.Float64)
            GpuLaunch.Run(DeviceOf(y), SoftmaxKernels.Softmax<double, Float64Math>, blocks, Gpu(x).View<double>().SubView(x.Offset, x.NumEl), Gpu(y).View<double>(), n, inner, log ? 1 : 0);
        else
            GpuLaunch.Run(DeviceOf(y), SoftmaxKernels.Softmax<float, Float32Math>, blocks, Gpu(x).View<float>().SubView(x.Offset, x.NumEl), Gpu(y).View<float>(), n, inner, log ? 1 : 0);
        return y;
    }
}
