namespace GraphGen.Nn;

/// <summary>
/// Fused kernels of the class-index losses (cross entropy and NLL): the input is read as rows of C class
/// scores laid out (N, C, S) — S the product of any extra dimensions — so (C), (N, C) and (N, C, d1, ...)
/// share one loop, and each loss is one autograd node whose backward is the closed form
/// (softmax - one-hot for cross entropy), not a chain of generic ops.
/// </summary>
internal static class ClassIndexLoss
{
    /// <summary>Validated geometry of an (input, class-index target) pair.</summary>
    public readonly record struct Layout(int N, int C, int S, long[] Targets, int[] OutShape)
    {
        public int Rows => N * S;
    }

    public static Layout Check(string loss, Tensor input, Tensor target, Tensor? weight, long ignoreIndex)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (!input.DType.IsFloating())
            throw new ArgumentException($"{loss}: expected a floating point input of class scores but got dtype {input.DType.TorchName()}.", nameof(input));
        if (input.Rank == 0)
            throw new ArgumentException($"{loss}: the input must have shape (C), (N, C) or (N, C, d1, ...) but is a scalar.", nameof(input));
        input.EnsureCpu(loss);
        target.EnsureCpu(loss);
        int classDim = input.Rank == 1 ? 0 : 1;
        int c = input.ShapeArray[classDim];
        int n = input.Rank == 1 ? 1 : input.ShapeArray[0];
        int s = 1;
        for (int i = 2; i < input.Rank; i++) s *= input.ShapeArray[i];
        var expected = input.ShapeArray.Where((_, i) => i != classDim).ToArray();
        if (target.DType != DType.Int64)
            throw new ArgumentException(
                target.DType.IsFloating()
                    ? (loss == "NLLLoss"
                        ? $"{loss}: expected a target of class indices with dtype int64 but got {target.DType.TorchName()} (shape {target.Shape}); NLLLoss does not take class probabilities, so convert class indices with .To(DType.Int64)."
                        : $"{loss}: a floating point target must hold class probabilities with the input's shape {input.Shape}, but has shape {target.Shape}; class-index targets must have dtype int64.")
                    : $"{loss}: expected a target of class indices with dtype int64 but got {target.DType.TorchName()} (convert it with .To(DType.Int64)).",
                nameof(target));
        if (!target.Shape.Equals(new Shape(expected)))
            throw new ArgumentException($"{loss}: expected a target of shape {Shape.Format(expected)} (the input's shape {input.Shape} without the class dimension {classDim}) but got {target.Shape}.", nameof(target));
        CheckWeight(loss, weight, c);

        var targets = target.Contiguous().ToArray<long>();
        foreach (long t in targets)
            if (t != ignoreIndex && (t < 0 || t >= c))
                throw new ArgumentException($"{loss}: Target {t} is out of bounds for {c} classes (valid class indices are 0 to {c - 1}, or ignore_index {ignoreIndex}).", nameof(target));
        return new Layout(n, c, s, targets, expected);
    }

    public static void CheckWeight(string loss, Tensor? weight, int classes)
    {
        if (weight is null) return;
        if (weight.Rank != 1 || weight.ShapeArray[0] != classes)
            throw new ArgumentException($"{loss}: weight tensor should be defined either for all {classes} classes or no classes but got weight tensor of shape: {weight.Shape}.", nameof(weight));
        if (!weight.DType.IsFloating())
            throw new ArgumentException($"{loss}: weight must be a floating point tensor but has dtype {weight.DType.TorchName()}.", nameof(weight));
    }

    /// <summary>
    /// Cross entropy of logits against class indices with optional class weights, ignore_index and label
    /// smoothing ε: per row ℓ = (1-ε)·w_y·(logZ - x_y) + (ε/C)·Σ_c w_c·(logZ - x_c), logZ = max + log Σ e^{x-max}.
    /// Mean divides by Σ w_y over non-ignored rows (PyTorch's weighted mean).
    /// </summary>
    public static Tensor CrossEntropy(Tensor input, Layout layout, double[]? weight, long ignoreIndex, double smoothing, Reduction reduction)
    {
        var (_, c, s, targets, outShape) = layout;
        int rows = layout.Rows;
        var x = input.Detach().Contiguous().ToArray<double>();
        var probs = new double[rows * c]; // row-major [row, class] softmax, saved for backward
        var losses = new double[rows];
        double denominator = 0;
        var row = new double[c];
        for (int r = 0; r < rows; r++)
        {
            long y = targets[r];
            if (y == ignoreIndex) continue;
            int baseOffset = (r / s) * c * s + r % s;
            double max = double.NegativeInfinity;
            for (int k = 0; k < c; k++) max = Math.Max(max, row[k] = x[baseOffset + k * s]);
            if (double.IsInfinity(max)) max = 0; // all -inf rows give NaN, as in PyTorch
            double sum = 0;
            for (int k = 0; k < c; k++) sum += probs[r * c + k] = Math.Exp(row[k] - max);
            double logZ = max + Math.Log(sum);
            for (int k = 0; k < c; k++) probs[r * c + k] /= sum;
            double wy = weight?[y] ?? 1;
            double l = (1 - smoothing) * wy * (logZ - row[y]);
            if (smoothing > 0)
            {
                double smooth = 0;
                for (int k = 0; k < c; k++) smooth += (weight?[k] ?? 1) * (logZ - row[k]);
                l += smoothing / c * smooth;
            }
            losses[r] = l;
            denominator += wy;
        }

        double totalWeight = weight?.Sum() ?? c;
        var result = Reduce(losses, outShape, denominator, reduction, input.DType);
        return Autograd.Record("NllLossBackward0", result, g =>
        {
            var scales = RowScales(g, rows, denominator, reduction);
            var dx = new double[x.Length];
            for (int r = 0; r < rows; r++)
            {
                long y = targets[r];
                if (y == ignoreIndex) continue;
                int baseOffset = (r / s) * c * s + r % s;
                double wy = weight?[y] ?? 1, scale = scales[r];
                for (int k = 0; k < c; k++)
                {
                    double p = probs[r * c + k];
                    double d = (1 - smoothing) * wy * (p - (k == y ? 1 : 0));
                    if (smoothing > 0) d += smoothing / c * (totalWeight * p - (weight?[k] ?? 1));
                    dx[baseOffset + k * s] = scale * d;
                }
            }
            return [Tensor.From<double>(dx, input.Shape.ToArray(), input.DType)];
        }, input);
    }

    /// <summary>Negative log likelihood of log-probabilities: ℓ = -w_y·x_y per row, weighted mean over non-ignored rows.</summary>
    public static Tensor Nll(Tensor input, Layout layout, double[]? weight, long ignoreIndex, Reduction reduction)
    {
        var (_, c, s, targets, outShape) = layout;
        int rows = layout.Rows;
        var x = input.Detach().Contiguous().ToArray<double>();
        var losses = new double[rows];
        double denominator = 0;
        for (int r = 0; r < rows; r++)
        {
            long y = targets[r];
            if (y == ignoreIndex) continue;
            double wy = weight?[y] ?? 1;
            losses[r] = -wy * x[(r / s) * c * s + r % s + (int)y * s];
            denominator += wy;
        }
        var result = Reduce(losses, outShape, denominator, reduction, input.DType);
        return Autograd.Record("NllLossBackward0", result, g =>
        {
            var scales = RowScales(g, rows, denominator, reduction);
            var dx = new double[x.Length];
            for (int r = 0; r < rows; r++)
            {
                long y = targets[r];
                if (y == ignoreIndex) continue;
                dx[(r / s) * c * s + r % s + (int)y * s] = -(weight?[y] ?? 1) * scales[r];
            }
            return [Tensor.From<double>(dx, input.Shape.ToArray(), input.DType)];
        }, input);
    }

    private static Tensor Reduce(double[] losses, int[] outShape, double denominator, Reduction reduction, DType dtype)
    {
        double sum = 0;
        foreach (double l in losses) sum += l;
        return reduction switch
        {
            Reduction.None => Tensor.From<double>(losses, outShape, dtype),
            Reduction.Sum => Tensor.Scalar(sum, dtype),
            _ => Tensor.Scalar(sum / denominator, dtype), // 0/0 = NaN when every target is ignored, as in PyTorch
        };
    }

    /// <summary>The upstream gradient per row: its own element for none, shared (and divided by the weight sum for mean) otherwise.</summary>
    private static double[] RowScales(Tensor g, int rows, double denominator, Reduction reduction)
    {
        if (reduction == Reduction.None) return g.Contiguous().ToArray<double>();
        double v = g.Item<double>() / (reduction == Reduction.Mean ? denominator : 1);
        var scales = new double[rows];
        Array.Fill(scales, v);
        return scales;
    }
}
