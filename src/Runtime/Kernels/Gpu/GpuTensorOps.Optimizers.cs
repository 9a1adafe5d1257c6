namespace GraphGen.Kernels.Gpu;

internal static partial class GpuTensorOps
{
    /// <summary>One SGD update of a dense float32 device parameter in place (the momentum buffer may be null without momentum).</summary>
    public static void SgdStep(Tensor param, Tensor grad, Tensor? momentumBuffer, SgdArgs args)
    {
        param.EnsureSameDevice(grad, "SGD.Step");
        var g = grad.IsContiguous ? grad : Contiguous(grad);
        int n = param.NumEl;
        var buffer = momentumBuffer ?? param; // unused without momentum: any view of the right length
        GpuLaunch.Run(DeviceOf(param), OptimizerKernels.SgdStep, n, Gpu(param).View<float>().SubView(param.Offset, n),
            Gpu(g).View<float>().SubView(g.Offset, n), Gpu(buffer).View<float>().SubView(buffer.Offset, n), args);
        param.Storage.Version++;
    }

    /// <summary>One Adam/AdamW update in place; <paramref name="maxExpAvgSq"/> is only read with AMSGrad.</summary>
    public static void AdamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor? maxExpAvgSq, AdamArgs args)
    {
        param.EnsureSameDevice(grad, "Adam.Step");
        var g = grad.IsContiguous ? grad : Contiguous(grad);
        int n = param.NumEl;
        var max = maxExpAvgSq ?? expAvgSq;
        GpuLaunch.Run(DeviceOf(param), OptimizerKernels.AdamStep, n, Gpu(param).View<float>().SubView(param.Offset, n),
            Gpu(g).View<float>().SubView(g.Offset, n), Gpu(expAvg).View<float>(), Gpu(expAvgSq).View<float>(), Gpu(max).View<float>(), args);
        param.Storage.Version++;
    }
}
