namespace GraphGen.Kernels.Gpu;

internal static partial class GpuTensorOps
{
    /// <summary>Softmax or log-softmax over the last dimension of a float32 tensor (one thread per row).</summary>
    public static Tensor SoftmaxLastDim(Tensor x, bool log)
    {
        RequireFloat32(x, log ? "LogSoftmax" : "Softmax");
        var src = x.IsContiguous ? x : Contiguous(x);
        int n = src.Rank == 0 ? 1 : src.ShapeArray[^1];
        var y = Empty(x.Device, DType.Float32, x.ShapeArray);
        if (n == 0 || src.NumEl == 0) return y;
        GpuLaunch.Run(DeviceOf(y), SoftmaxKernels.SoftmaxRows, src.NumEl / n, Gpu(src).View<float>().SubView(src.Offset, src.NumEl), Gpu(y).View<float>(), n, log ? 1 : 0);
        return y;
    }
}
