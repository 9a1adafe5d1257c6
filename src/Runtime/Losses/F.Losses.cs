namespace GraphGen.Nn;

public static partial class F
{
    /// <summary>Mean squared error (x - y)² (PyTorch's <c>F.mse_loss</c>); input and target of the same shape.</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        input is { Storage: GpuStorage } ? Kernels.Gpu.GpuTensorOps.MseLoss(input, target, reduction)
        : Float32MseLoss.Applies(input, target, reduction) ? Float32MseLoss.Apply(input, target, reduction)
        : ElementwiseLoss.Apply("MSELoss", "MseLossBackward0", input, target, reduction, static (x, t, _) =>
        {
            double d = x - t;
            return (d * d, 2 * d, -2 * d);
        });

    /// <summary>Mean absolute error |x - y| (PyTorch's <c>F.l1_loss</c>); the derivative at x = y is 0, as in PyTorch.</summary>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        input is { Storage: GpuStorage } ? Kernels.Gpu.GpuTensorOps.ElementwiseLoss<Kernels.Gpu.L1Rule>("L1Loss", "L1LossBackward0", input, target, null, null, reduction)
        : ElementwiseLoss.Apply("L1Loss", "L1LossBackward0", input, target, reduction, static (x, t, _) =>
        {
            // PyTorch's sign: (0 < d) - (d < 0), so a NaN difference gives a NaN loss and a zero derivative
            // (Math.Sign would throw on NaN).
            double d = x - t;
            double s = (d > 0 ? 1 : 0) - (d < 0 ? 1 : 0);
            return (Math.Abs(d), s, -s);
        });

    /// <summary>
    /// Binary cross entropy -w·[y·log x + (1-y)·log(1-x)] of probabilities (PyTorch's <c>F.binary_cross_entropy</c>).
    /// Inputs must lie in [0, 1]; each log is clamped at -100 so x = 0 or 1 gives a finite loss, as in PyTorch.
    /// <paramref name="weight"/> broadcasts against the input.
    /// </summary>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
    {
        const string loss = "BCELoss";
        if (input is { Storage: GpuStorage })
            return Kernels.Gpu.GpuTensorOps.ElementwiseLoss<Kernels.Gpu.BceRule>(loss, "BinaryCrossEntropyBackward0", input, target, weight, null, reduction, checkDomain: true);
        ElementwiseLoss.CheckPair(loss, input, target);
        var w = ElementwiseLoss.Broadcast(loss, nameof(weight), weight, input);
        var values = input.Detach().Contiguous().ToArray<double>();
        int bad = Array.FindIndex(values, v => !(v >= 0 && v <= 1));
        if (bad >= 0)
            throw new ArgumentException($"{loss}: all elements of input should be between 0 and 1, but element {bad} is {values[bad]} (apply Sigmoid first, or use BCEWithLogitsLoss on raw scores).", nameof(input));
        var targets = target.Detach().Contiguous().ToArray<double>();
        int badTarget = Array.FindIndex(targets, v => !(v >= 0 && v <= 1));
        if (badTarget >= 0)
            throw new ArgumentException($"{loss}: all elements of target should be between 0 and 1, but element {badTarget} is {targets[badTarget]} (targets are probabilities).", nameof(target));
        return ElementwiseLoss.Apply(loss, "BinaryCrossEntropyBackward0", input, target, reduction, (x, t, i) =>
        {
            double wi = w?[i] ?? 1;
            double logX = Math.Max(Math.Log(x), -100), log1mX = Math.Max(Math.Log(1 - x), -100);
            double l = -wi * (t * logX + (1 - t) * log1mX);
            double dx = wi * (x - t) / Math.Max((1 - x) * x, 1e-12); // PyTorch's EPSILON keeps x = 0 or 1 finite
            double dt = wi * (log1mX - logX);
            return (l, dx, dt);
        });
    }

    /// <summary>
    /// Binary cross entropy of logits, σ folded in (PyTorch's <c>F.binary_cross_entropy_with_logits</c>):
    /// ℓ = w·[(1-y)·x + (1 + (p-1)·y)·(log(1+e^{-|x|}) + max(-x, 0))], with p = <paramref name="posWeight"/>
    /// (1 when absent), exact for logits of any magnitude. <paramref name="posWeight"/> weights the positive
    /// term per class and broadcasts against the input's last dimension; <paramref name="weight"/> broadcasts
    /// against the input.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null,
        Reduction reduction = Reduction.Mean, Tensor? posWeight = null)
    {
        const string loss = "BCEWithLogitsLoss";
        if (input is { Storage: GpuStorage })
            return Kernels.Gpu.GpuTensorOps.ElementwiseLoss<Kernels.Gpu.BceWithLogitsRule>(loss, "BinaryCrossEntropyWithLogitsBackward0", input, target, weight, posWeight, reduction);
        ElementwiseLoss.CheckPair(loss, input, target);
        var w = ElementwiseLoss.Broadcast(loss, nameof(weight), weight, input);
        var pw = ElementwiseLoss.Broadcast(loss, "pos_weight", posWeight, input);
        return ElementwiseLoss.Apply(loss, "BinaryCrossEntropyWithLogitsBackward0", input, target, reduction, (x, t, i) =>
        {
            double wi = w?[i] ?? 1, p = pw?[i] ?? 1;
            // -log σ(x) = log(1 + e^{-|x|}) + max(-x, 0): never exponentiates a positive number.
            double softplusNegX = Log1p(Math.Exp(-Math.Abs(x))) + Math.Max(-x, 0);
            double logWeight = 1 + (p - 1) * t;
            double l = wi * ((1 - t) * x + logWeight * softplusNegX);
            double sig = x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));
            double dx = wi * (logWeight * sig - p * t);   // = σ(x) - y when p = 1
            double dt = wi * (-x + (p - 1) * softplusNegX); // d/dy = -x - (p-1)·log σ(x)
            return (l, dx, dt);
        });
    }

    /// <summary>log(1 + e) accurate for tiny e, where 1 + e would round away the answer.</summary>
    private static double Log1p(double e) => e < 1e-4 ? e * (1 - e * (0.5 - e / 3)) : Math.Log(1 + e);
}
