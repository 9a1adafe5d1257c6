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

    /// <summary>One RMSprop update in place; <paramref name="gradAvg"/> (centered) and <paramref name="momentumBuffer"/> may be null when unused.</summary>
    public static void RmspropStep(Tensor param, Tensor grad, Tensor squareAvg, Tensor? gradAvg, Tensor? momentumBuffer, RmspropArgs args)
    {
        param.EnsureSameDevice(grad, "RMSprop.Step");
        var g = grad.IsContiguous ? grad : Contiguous(grad);
        int n = param.NumEl;
        GpuLaunch.Run(DeviceOf(param), OptimizerKernels.RmspropStep, n, Gpu(param).View<float>().SubView(param.Offset, n),
            Gpu(g).View<float>().SubView(g.Offset, n), Gpu(squareAvg).View<float>(), Gpu(gradAvg ?? squareAvg).View<float>(),
            Gpu(momentumBuffer ?? squareAvg).View<float>(), args);
        param.Storage.Version++;
    }

    /// <summary>One Adagrad update in place.</summary>
    public static void AdagradStep(Tensor param, Tensor grad, Tensor sum, AdagradArgs args)
    {
        param.EnsureSameDevice(grad, "Adagrad.Step");
        var g = grad.IsContiguous ? grad : Contiguous(grad);
        int n = param.NumEl;
        GpuLaunch.Run(DeviceOf(param), OptimizerKernels.AdagradStep, n, Gpu(param).View<float>().SubView(param.Offset, n),
            Gpu(g).View<float>().SubView(g.Offset, n), Gpu(sum).View<float>(), args);
        param.Storage.Version++;
    }

    /// <summary>
    /// clip_grad_norm_ for gradients on one CUDA device, without leaving it: each gradient's p-norm is a device
    /// reduction, the total and the clip coefficient min(1, maxNorm / (total + 1e-6)) are 0-d device tensors, and
    /// every gradient is scaled in place by it. Only <paramref name="errorIfNonfinite"/> reads the total on the host.
    /// </summary>
    public static Tensor ClipGradNorm(List<Tensor> grads, double maxNorm, double normType, bool errorIfNonfinite)
    {
        const string op = "ClipGradNorm_";
        foreach (var g in grads)
        {
            grads[0].EnsureSameDevice(g, op);
            RequireFloating(g, op);
        }
        bool inf = double.IsPositiveInfinity(normType);
        Tensor total;
        using (Autograd.NoGrad())
        {
            Tensor? acc = null;
            foreach (var g in grads)
            {
                var norm = inf ? g.Abs().Max() : normType == 2 ? (g * g).Sum().Sqrt() : g.Abs().Pow(normType).Sum().Pow(1 / normType);
                var term = inf ? norm : normType == 2 ? norm * norm : norm.Pow(normType);
                acc = acc is null ? term : inf ? acc.Maximum(term) : acc + term;
            }
            total = inf ? acc! : normType == 2 ? acc!.Sqrt() : acc!.Pow(1 / normType);
            if (errorIfNonfinite && !float.IsFinite(total.Item<float>()))
                throw new InvalidOperationException($"The total norm of order {normType} for gradients from `parameters` is non-finite ({total.Item<float>()}), so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set errorIfNonfinite: false.");
            var coefficient = (maxNorm / (total + 1e-6)).Minimum(Tensor.Scalar(1f));
            foreach (var g in grads) g.Mul_(coefficient);
        }
        return total;
    }
}
