namespace GraphGen.Nn;

/// <summary>Gradient clipping (PyTorch's <c>torch.nn.utils.clip_grad_norm_</c>).</summary>
public static class GradClipping
{
    /// <summary>
    /// Scales the gradients of <paramref name="parameters"/> in place so that their joint norm is at most
    /// <paramref name="maxNorm"/>: every gradient is multiplied by min(1, maxNorm / (total + 1e-6)).
    /// Parameters without a gradient are ignored.
    /// </summary>
    /// <param name="normType">The p of the p-norm (> 0), or <see cref="double.PositiveInfinity"/> for the max-abs norm.</param>
    /// <param name="errorIfNonfinite">Throw instead of scaling when the total norm is NaN or infinite.</param>
    /// <returns>The total norm of the gradients before clipping, as a float32 scalar tensor (0 when none has a gradient).</returns>
    public static Tensor ClipGradNorm_(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2, bool errorIfNonfinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(normType > 0)) throw new ArgumentOutOfRangeException(nameof(normType), normType, "ClipGradNorm_: normType must be > 0 or +infinity.");
        if (!(maxNorm >= 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "ClipGradNorm_: maxNorm must be >= 0.");
        var grads = new List<Tensor>();
        foreach (var p in parameters)
            if (p.Grad is { } g)
            {
                if (!g.DType.IsFloating())
                    throw new ArgumentException($"ClipGradNorm_: a gradient has dtype {g.DType.TorchName()}; expected a floating dtype.", nameof(parameters));
                grads.Add(g);
            }
        if (grads.Count == 0) return Tensor.Scalar(0f);
        if (grads[0].Storage is GpuStorage) return Kernels.Gpu.GpuTensorOps.ClipGradNorm(grads, maxNorm, normType, errorIfNonfinite);

        // Each gradient's norm is accumulated in double, rounded to float32 as PyTorch's per-tensor norms are,
        // then the norms are combined with the same p-norm.
        bool inf = double.IsPositiveInfinity(normType);
        double total = 0;
        foreach (var g in grads)
        {
            double n = (float)Norm(g, normType);
            total = inf ? Math.Max(total, n) : total + Math.Pow(n, normType);
        }
        float totalNorm = inf ? (float)total : (float)Math.Pow(total, 1 / normType);
        if (errorIfNonfinite && !float.IsFinite(totalNorm))
            throw new InvalidOperationException($"The total norm of order {normType} for gradients from `parameters` is non-finite ({totalNorm}), so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set errorIfNonfinite: false.");
        float clipCoef = MathF.Min((float)maxNorm / (totalNorm + 1e-6f), 1f);
        using (Autograd.NoGrad())
            foreach (var g in grads) g.Mul_(clipCoef);
        return Tensor.Scalar(totalNorm);
    }

    private static double Norm(Tensor g, double p)
    {
        var values = g.Detach().To(DType.Float64).Contiguous().ToArray<double>();
        if (double.IsPositiveInfinity(p))
        {
            double m = 0;
            foreach (double v in values) m = Math.Max(m, Math.Abs(v));
            return m;
        }
        double s = 0;
        if (p == 2) foreach (double v in values) s += v * v;
        else foreach (double v in values) s += Math.Pow(Math.Abs(v), p);
        return p == 2 ? Math.Sqrt(s) : Math.Pow(s, 1 / p);
    }
}
